// The portal link's token and address, without storage: what is a token, what is stored of it, and where a link points.
using System.Buffers.Text;
using System.Security.Cryptography;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Tests.Storage;

public sealed class AttachmentLinksTests
{
    private static readonly string Token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_token_of_32_random_bytes_is_43_base64url_characters_and_is_well_formed()
    {
        Assert.Equal(43, Token.Length);
        Assert.True(AttachmentLinks.IsWellFormed(Token));
        Assert.True(AttachmentLinks.IsWellFormed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO-_"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")] // 42
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP")] // 44
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN=")] // padded
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO+")] // base64, not base64url
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO/")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO.")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO ")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOđ")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO\0")]
    public void Anything_else_is_not_a_token(string? text) => Assert.False(AttachmentLinks.IsWellFormed(text));

    [Fact]
    public void Only_the_tokens_sha256_is_its_key_and_one_character_changes_it()
    {
        var hash = AttachmentLinks.HashOf(Token);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Token))), hash);
        Assert.DoesNotContain(Token, hash, StringComparison.Ordinal);
        var otherCase = char.IsUpper(Token[0]) ? char.ToLowerInvariant(Token[0]) + Token[1..] : "A" + Token[1..];
        Assert.NotEqual(hash, AttachmentLinks.HashOf(otherCase));
    }

    [Theory]
    [InlineData("http://localhost:7071", "http://localhost:7071/api/files/t")]
    [InlineData("http://localhost:7071/", "http://localhost:7071/api/files/t")]
    [InlineData("https://dichvucong.example.vn/motcua", "https://dichvucong.example.vn/motcua/api/files/t")]
    [InlineData("https://dichvucong.example.vn/motcua/", "https://dichvucong.example.vn/motcua/api/files/t")]
    public void A_link_hangs_under_the_portals_public_address_keeping_its_path(string baseUrl, string link) =>
        Assert.Equal(link, new PortalOptions { BaseUrl = new Uri(baseUrl) }.Resolve(AttachmentLinks.LinkPath + "t").AbsoluteUri);
}
