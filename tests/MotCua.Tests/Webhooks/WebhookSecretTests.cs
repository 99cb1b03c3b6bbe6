using System.Security.Cryptography;
using MotCua.Webhooks;

namespace MotCua.Tests.Webhooks;

public sealed class WebhookSecretTests
{
    [Theory]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public void Accepts_whsec_base64_of_24_to_64_bytes(int length)
    {
        var text = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(length));

        Assert.True(WebhookSecret.TryParse(text, out var secret, out var error));
        Assert.Null(error);
        Assert.Equal(text, secret.Reveal());
    }

    [Theory]
    [InlineData(null, "Thiếu")]
    [InlineData("", "Thiếu")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_")]
    [InlineData("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_")]
    [InlineData("whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_")]
    [InlineData("whsec_", "base64")]
    [InlineData("whsec_ MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjU\nPD8ILPZIo2LaLaSw", "base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La-_Sw", "base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "base64")]
    [InlineData("whsec_====MfKQ9r8GKYqrTwjUPD8ILPZIo2La", "base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjU=PD8ILPZIo2LaLaS", "base64")]
    public void Refuses_text_that_is_not_whsec_base64_with_a_reason(string? text, string reasonMentions)
    {
        Assert.False(WebhookSecret.TryParse(text, out var secret, out var error));
        Assert.Null(secret);
        Assert.Contains(reasonMentions, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(23)]
    [InlineData(65)]
    [InlineData(10_000)]
    public void Refuses_keys_shorter_than_24_or_longer_than_64_bytes(int length)
    {
        var text = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(length));

        Assert.False(WebhookSecret.TryParse(text, out _, out var error));
        Assert.Contains("24–64 byte", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_a_format_exception_that_does_not_echo_the_text()
    {
        const string text = "whsec_dG9vc2hvcnQ=";

        var exception = Assert.Throws<FormatException>(() => WebhookSecret.Parse(text));

        Assert.Contains("(nhận được 8 byte)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dG9vc2hvcnQ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_makes_a_fresh_32_byte_secret_that_parses_back()
    {
        var first = WebhookSecret.Generate();
        var second = WebhookSecret.Generate();

        var text = first.Reveal();
        Assert.StartsWith("whsec_", text, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(text["whsec_".Length..]).Length);
        Assert.Equal(text, WebhookSecret.Parse(text).Reveal());
        Assert.NotEqual(text, second.Reveal());
    }

    [Fact]
    public void ToString_does_not_expose_the_key()
    {
        var secret = WebhookSecret.Generate();
        var key = secret.Reveal()["whsec_".Length..];

        Assert.DoesNotContain(key, secret.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, $"{secret}", StringComparison.Ordinal);
    }
}
