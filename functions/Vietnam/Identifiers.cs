// Applicant identifiers (validated with Vietnamese messages), and the ids and secrets the portal hands out.
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MotCua.Vietnam;

/// <summary>Validators return a Vietnamese message for the caller to show, or null when the value is valid.</summary>
internal static partial class Identifiers
{
    /// <summary>
    /// 12 ASCII digits whose first three are a province code (Thông tư 07/2016/TT-BCA: 001 Hà Nội … 096 Cà Mau). Only the range
    /// is checked: the codes in it are not contiguous, but a missing one is a typo a person can still catch, while a wrong list
    /// would lock real citizens out. The 2025 merger of provinces did not renumber identity numbers already issued.
    /// </summary>
    public static string? ValidateIdNumber(string? idNumber)
    {
        if (string.IsNullOrEmpty(idNumber))
        {
            return "Vui lòng nhập số định danh cá nhân (số căn cước công dân).";
        }

        if (idNumber.Length != 12 || !idNumber.All(char.IsAsciiDigit))
        {
            return "Số định danh cá nhân phải gồm đúng 12 chữ số.";
        }

        var province = int.Parse(idNumber.AsSpan(0, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        return province is >= 1 and <= 96
            ? null
            : "Ba chữ số đầu của số định danh cá nhân phải là mã tỉnh, thành phố nơi đăng ký khai sinh (001–096).";
    }

    /// <summary>
    /// 10 digits, or 13 as 10 + "-" + 3 for a dependent unit. The tax office's check digit is deliberately not verified:
    /// a false rejection blocks a business from filing at all, and the agency verifies the code against its register anyway.
    /// </summary>
    public static string? ValidateTaxCode(string? taxCode)
    {
        if (string.IsNullOrEmpty(taxCode))
        {
            return "Vui lòng nhập mã số thuế.";
        }

        return TaxCodePattern().IsMatch(taxCode)
            ? null
            : "Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số dạng 0101234567-001 đối với chi nhánh, đơn vị phụ thuộc.";
    }

    /// <summary>The compact form to validate and store: people write "0912 345 678" and "0912.345.678".</summary>
    public static string NormalizePhone(string phone) => phone.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);

    /// <summary>A mobile number: 10 digits beginning 03, 05, 07, 08 or 09, or the same number as +84 and 9 digits.</summary>
    public static string? ValidatePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return "Vui lòng nhập số điện thoại di động.";
        }

        return MobilePattern().IsMatch(NormalizePhone(phone))
            ? null
            : "Số điện thoại di động phải gồm 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09, hoặc có dạng +84 và 9 chữ số.";
    }

    /// <summary>A sane address (one @, dot-separated ASCII labels, a top-level domain), not full RFC 5322.</summary>
    public static string? ValidateEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "Vui lòng nhập địa chỉ thư điện tử.";
        }

        return email.Length <= 254 && email.IndexOf('@', StringComparison.Ordinal) is > 0 and <= 64 && EmailPattern().IsMatch(email)
            ? null
            : "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn).";
    }

    /// <summary>"001090012345" → "0010******45": what may be shown or logged in place of an identity number.</summary>
    public static string Mask(string idNumber) => idNumber.Length <= 6
        ? new string('*', idNumber.Length)
        : string.Concat(idNumber.AsSpan(0, 4), new string('*', idNumber.Length - 6), idNumber.AsSpan(idNumber.Length - 2));

    [GeneratedRegex(@"^[0-9]{10}(?:-[0-9]{3})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex TaxCodePattern();

    [GeneratedRegex(@"^(?:0|\+84)[35789][0-9]{8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();

    [GeneratedRegex(
        @"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}

/// <summary>
/// "HS-" and 12 Crockford base32 characters (60 random bits): short enough to read out on the phone, without I, L, O or U
/// to misread, and not guessable from a neighbour's id. Ids are not secret (the access key is), but 60 bits collide with
/// real probability over hundreds of millions of dossiers, so whoever stores one must insert-if-absent and retry on conflict.
/// </summary>
internal static class DossierId
{
    public const string Prefix = "HS-";

    public static string New() => ReadableId.New(Prefix);

    public static bool IsWellFormed(string? id) => ReadableId.IsWellFormed(id, Prefix);
}

/// <summary>A feedback item (phản ánh, kiến nghị): "PA-" and 12 Crockford base32 characters, like a dossier id.</summary>
internal static class FeedbackId
{
    public const string Prefix = "PA-";

    public static string New() => ReadableId.New(Prefix);

    public static bool IsWellFormed(string? id) => ReadableId.IsWellFormed(id, Prefix);
}

file static class ReadableId
{
    private const int Characters = 12;

    public static string New(string prefix)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return prefix + CrockfordBase32.Encode(random, Characters);
    }

    /// <summary>Cheap rejection of junk in routes before any storage call; the canonical form is upper case.</summary>
    public static bool IsWellFormed(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + Characters && id.StartsWith(prefix, StringComparison.Ordinal)
        && !id.AsSpan(prefix.Length).ContainsAnyExcept(CrockfordBase32.Characters);
}

/// <summary>
/// The secret that lets an applicant read and act on a dossier: 32 Crockford base32 characters (160 random bits).
/// Only its SHA-256 is stored. A plain hash suffices because the key has full entropy: a pepper (HMAC) protects low-entropy
/// secrets such as passwords from offline guessing after a leak, which 2^160 already rules out, and it would add a secret
/// whose rotation invalidates every stored key.
/// </summary>
internal static class AccessKey
{
    private const int Characters = 32;

    public static string New()
    {
        Span<byte> random = stackalloc byte[20];
        RandomNumberGenerator.Fill(random);
        return CrockfordBase32.Encode(random, Characters);
    }

    /// <summary>Lower-case hex SHA-256 of the key, case-insensitively: a key typed from a printed receipt in lower case still works.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToUpperInvariant())));

    /// <summary>Compares in constant time, so response timing does not reveal how much of a guessed key's hash is right.</summary>
    public static bool Matches(string? presented, string? storedHash) =>
        !string.IsNullOrEmpty(presented) && !string.IsNullOrEmpty(storedHash)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));
}

file static class CrockfordBase32
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static readonly SearchValues<char> Characters = SearchValues.Create(Alphabet);

    /// <summary>The first <paramref name="characters"/> × 5 bits of <paramref name="bytes"/>, most significant first.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, int characters)
    {
        var text = new StringBuilder(characters);
        var buffer = 0;
        var bits = 0;
        var next = 0;
        while (text.Length < characters)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | bytes[next++];
                bits += 8;
            }

            bits -= 5;
            text.Append(Alphabet[(buffer >> bits) & 31]);
        }

        return text.ToString();
    }
}
