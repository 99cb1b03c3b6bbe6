using MotCua.Vietnam;

namespace MotCua.Tests.Vietnam;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("001090012345")] // Hà Nội
    [InlineData("079203001234")] // Hồ Chí Minh, born in the 21st century
    [InlineData("096190000001")] // Cà Mau
    public void ValidateIdNumber_accepts_12_digits_with_a_province_code(string idNumber)
    {
        Assert.Null(Identifiers.ValidateIdNumber(idNumber));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00109001234")]    // 11 digits
    [InlineData("0010900123456")]  // 13 digits
    [InlineData("001090O12345")]   // letter O
    [InlineData("001 90012345")]
    [InlineData("001090012345\n")]
    [InlineData("٠٠١٠٩٠٠١٢٣٤٥")]   // Arabic-Indic digits are digits, but not ASCII ones
    [InlineData("000090012345")]   // no province 000
    [InlineData("097090012345")]   // beyond 096
    public void ValidateIdNumber_refuses_anything_else_with_a_Vietnamese_message(string? idNumber)
    {
        var message = Identifiers.ValidateIdNumber(idNumber);

        Assert.NotNull(message);
        Assert.Contains("số định danh cá nhân", message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("0101234567", true)]
    [InlineData("0101234567-001", true)]
    [InlineData("010123456", false)]
    [InlineData("01012345678", false)]
    [InlineData("0101234567001", false)]
    [InlineData("0101234567-01", false)]
    [InlineData("0101234567-0011", false)]
    [InlineData("0101234567 ", false)]
    [InlineData("0101234567\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ValidateTaxCode_accepts_10_digits_or_a_branch_suffix(string? taxCode, bool valid)
    {
        Assert.Equal(valid, Identifiers.ValidateTaxCode(taxCode) is null);
    }

    [Theory]
    [InlineData("0912345678", true)]
    [InlineData("0312345678", true)]
    [InlineData("0512345678", true)]
    [InlineData("0712345678", true)]
    [InlineData("0812345678", true)]
    [InlineData("0912 345 678", true)]
    [InlineData("0912.345.678", true)]
    [InlineData("+84912345678", true)]
    [InlineData("+84 912 345 678", true)]
    [InlineData("0212345678", false)]   // not a mobile prefix
    [InlineData("0412345678", false)]
    [InlineData("091234567", false)]    // 9 digits
    [InlineData("09123456789", false)]  // 11 digits
    [InlineData("84912345678", false)]  // country code without +
    [InlineData("+840912345678", false)]
    [InlineData("+84212345678", false)]
    [InlineData("0912-345-678", false)]
    [InlineData("0912345678\n", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    public void ValidatePhone_accepts_Vietnamese_mobiles_after_removing_spaces_and_dots(string? phone, bool valid)
    {
        Assert.Equal(valid, Identifiers.ValidatePhone(phone) is null);
    }

    [Fact]
    public void NormalizePhone_removes_spaces_and_dots()
    {
        Assert.Equal("+84912345678", Identifiers.NormalizePhone("+84 912.345.678"));
    }

    [Theory]
    [InlineData("an@example.vn", true)]
    [InlineData("nguyen.van.an+hoso@so-ct.hanoi.gov.vn", true)]
    [InlineData("A_B@EXAMPLE.COM", true)]
    [InlineData("an@xn--bcher-kva.example", true)]
    [InlineData("an", false)]
    [InlineData("an@", false)]
    [InlineData("@example.vn", false)]
    [InlineData("an@example", false)]
    [InlineData("an@@example.vn", false)]
    [InlineData("an @example.vn", false)]
    [InlineData(".an@example.vn", false)]
    [InlineData("an..binh@example.vn", false)]
    [InlineData("an@-example.vn", false)]
    [InlineData("an@example..vn", false)]
    [InlineData("an@example.vn.", false)]
    [InlineData("an@example.vn\n", false)]
    [InlineData("nguyễn@example.vn", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ValidateEmail_accepts_sane_addresses(string? email, bool valid)
    {
        Assert.Equal(valid, Identifiers.ValidateEmail(email) is null);
    }

    [Fact]
    public void ValidateEmail_refuses_a_local_part_over_64_characters()
    {
        Assert.Null(Identifiers.ValidateEmail(new string('a', 64) + "@example.vn"));
        Assert.NotNull(Identifiers.ValidateEmail(new string('a', 65) + "@example.vn"));
    }

    [Theory]
    [InlineData("001090012345", "0010******45")]
    [InlineData("0101234567", "0101****67")]
    [InlineData("123456", "******")]
    [InlineData("", "")]
    public void Mask_shows_the_first_four_and_last_two(string idNumber, string expected)
    {
        Assert.Equal(expected, Identifiers.Mask(idNumber));
    }

    [Fact]
    public void DossierId_is_HS_and_12_unambiguous_characters()
    {
        var id = DossierId.New();

        Assert.Matches("^HS-[0-9A-HJKMNP-TV-Z]{12}$", id);
        Assert.True(DossierId.IsWellFormed(id));
    }

    [Fact]
    public void Ten_thousand_dossier_ids_are_distinct_and_use_every_character()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => DossierId.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        // A broken encoder (say, a constant or a stuck bit) would leave characters unused or positions fixed.
        Assert.Equal(32, ids.SelectMany(id => id[3..]).Distinct().Count());
        Assert.All(Enumerable.Range(3, 12), position => Assert.True(ids.Select(id => id[position]).Distinct().Count() > 20));
    }

    [Theory]
    [InlineData("HS-0123456789AB", true)]
    [InlineData("HS-ZZZZZZZZZZZZ", true)]
    [InlineData("HS-0123456789A", false)]    // 11 characters
    [InlineData("HS-0123456789ABC", false)]  // 13 characters
    [InlineData("hs-0123456789AB", false)]
    [InlineData("HS-0123456789ab", false)]
    [InlineData("HS-0123456789AI", false)]   // I is not in the alphabet
    [InlineData("HS-0123456789AO", false)]
    [InlineData("HS-0123456789AU", false)]
    [InlineData("HX-0123456789AB", false)]
    [InlineData("HS-../../etc/pa", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void DossierId_IsWellFormed_rejects_junk(string? id, bool expected)
    {
        Assert.Equal(expected, DossierId.IsWellFormed(id));
    }

    [Fact]
    public void AccessKey_has_160_random_bits_in_32_characters()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => AccessKey.New()).ToList();

        Assert.All(keys, key => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{32}$", key));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void AccessKey_hash_is_SHA256_hex_of_the_upper_case_key()
    {
        // SHA-256("ABC"), a published test vector.
        Assert.Equal("b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78", AccessKey.Hash("abc"));
    }

    [Fact]
    public void AccessKey_matches_only_the_key_it_was_hashed_from()
    {
        var key = AccessKey.New();
        var stored = AccessKey.Hash(key);

        Assert.True(AccessKey.Matches(key, stored));
        Assert.True(AccessKey.Matches(key.ToLowerInvariant(), stored));
        Assert.False(AccessKey.Matches(AccessKey.New(), stored));
        Assert.False(AccessKey.Matches(key[..^1], stored));
        Assert.False(AccessKey.Matches(stored, stored));
        Assert.False(AccessKey.Matches("", stored));
        Assert.False(AccessKey.Matches(null, stored));
        Assert.False(AccessKey.Matches(key, ""));
        Assert.False(AccessKey.Matches(key, null));
    }
}
