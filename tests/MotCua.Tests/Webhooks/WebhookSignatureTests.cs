using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MotCua.Webhooks;

namespace MotCua.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // The vector every Standard Webhooks reference library tests against (libraries/go/webhook_test.go, TestWebhookSign).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorPayload = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"dossier.status_changed","data":{"status":"processing"}}""");
    private static readonly DateTimeOffset SentAt = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly WebhookSecret _secret = WebhookSecret.Generate();

    [Fact]
    public void Sign_reproduces_the_standard_webhooks_test_vector()
    {
        var signature = WebhookSigner.Sign(WebhookSecret.Parse(VectorSecret), VectorId,
            DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), Encoding.UTF8.GetBytes(VectorPayload));

        Assert.Equal(VectorSignature, signature);
    }

    [Fact]
    public void Verify_accepts_the_standard_webhooks_test_vector_within_tolerance()
    {
        var verifier = Verifier(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp + 299));

        var result = verifier.Verify(Encoding.UTF8.GetBytes(VectorPayload), VectorId, "1614265330", VectorSignature,
            [WebhookSecret.Parse(VectorSecret)]);

        Assert.Equal(WebhookVerificationStatus.Valid, result.Status);
        Assert.Equal(VectorId, result.Id);
    }

    [Fact]
    public void Headers_carry_the_id_unix_seconds_and_a_signature_per_secret()
    {
        var other = WebhookSecret.Generate();

        var headers = WebhookSigner.CreateHeaders("msg_1", SentAt.AddMilliseconds(999), Body, [_secret, other]);

        Assert.Equal("msg_1", headers.Id);
        Assert.Equal(SentAt.ToUnixTimeSeconds(), headers.Timestamp);
        Assert.Equal($"{WebhookSigner.Sign(_secret, "msg_1", SentAt, Body)} {WebhookSigner.Sign(other, "msg_1", SentAt, Body)}", headers.Signature);
    }

    [Theory]
    [InlineData("")]
    [InlineData("msg.1")]
    [InlineData("msg 1")]
    [InlineData("msg_é")]
    public void Sign_refuses_ids_that_could_not_be_verified(string id) =>
        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(_secret, id, SentAt, Body));

    [Fact]
    public void Round_trip_is_valid_and_returns_the_id()
    {
        var headers = WebhookSigner.CreateHeaders("msg_round", SentAt, Body, [_secret]);

        var result = Verifier(SentAt).Verify(Body, headers.Id, Seconds(headers.Timestamp), headers.Signature, [_secret]);

        Assert.True(result.IsValid);
        Assert.Equal("msg_round", result.Id);
    }

    [Fact]
    public void Tampered_body_id_or_timestamp_fail_the_signature()
    {
        var headers = WebhookSigner.CreateHeaders("msg_1", SentAt, Body, [_secret]);
        var verifier = Verifier(SentAt);
        var tampered = Body.ToArray();
        tampered[^2] ^= 1;

        Assert.Equal(WebhookVerificationStatus.BadSignature, verifier.Verify(tampered, "msg_1", Seconds(headers.Timestamp), headers.Signature, [_secret]).Status);
        Assert.Equal(WebhookVerificationStatus.BadSignature, verifier.Verify(Body, "msg_2", Seconds(headers.Timestamp), headers.Signature, [_secret]).Status);
        Assert.Equal(WebhookVerificationStatus.BadSignature, verifier.Verify(Body, "msg_1", Seconds(headers.Timestamp + 1), headers.Signature, [_secret]).Status);
        Assert.Equal(WebhookVerificationStatus.BadSignature, verifier.Verify(Body, "msg_1", Seconds(headers.Timestamp), headers.Signature, [WebhookSecret.Generate()]).Status);
    }

    [Theory]
    [InlineData(-300, "Valid")]
    [InlineData(-301, "Future")]
    [InlineData(300, "Valid")]
    [InlineData(301, "Stale")]
    [InlineData(100_000_000, "Stale")]
    public void Timestamps_more_than_the_tolerance_away_from_the_clock_fail(int clockAheadSeconds, string expected)
    {
        var headers = WebhookSigner.CreateHeaders("msg_1", SentAt, Body, [_secret]);

        var result = Verifier(SentAt.AddSeconds(clockAheadSeconds)).Verify(Body, headers.Id, Seconds(headers.Timestamp), headers.Signature, [_secret]);

        Assert.Equal(expected, result.Status.ToString());
    }

    [Fact]
    public void Tolerance_comes_from_options()
    {
        var headers = WebhookSigner.CreateHeaders("msg_1", SentAt, Body, [_secret]);

        var result = Verifier(SentAt.AddSeconds(11), toleranceSeconds: 10).Verify(Body, headers.Id, Seconds(headers.Timestamp), headers.Signature, [_secret]);

        Assert.Equal(WebhookVerificationStatus.Stale, result.Status);
    }

    [Fact]
    public void During_rotation_any_signature_matching_any_current_secret_is_enough()
    {
        var old = WebhookSecret.Generate();
        var rotated = WebhookSecret.Generate();
        var bothSigned = WebhookSigner.CreateHeaders("msg_1", SentAt, Body, [old, rotated]);
        var oldSigned = WebhookSigner.CreateHeaders("msg_1", SentAt, Body, [old]);
        var verifier = Verifier(SentAt);
        var timestamp = Seconds(bothSigned.Timestamp);

        Assert.True(verifier.Verify(Body, "msg_1", timestamp, bothSigned.Signature, [rotated]).IsValid);
        Assert.True(verifier.Verify(Body, "msg_1", timestamp, bothSigned.Signature, [old]).IsValid);
        Assert.True(verifier.Verify(Body, "msg_1", timestamp, oldSigned.Signature, [rotated, old]).IsValid);
        Assert.False(verifier.Verify(Body, "msg_1", timestamp, oldSigned.Signature, [rotated]).IsValid);
    }

    [Fact]
    public void Other_schemes_and_bad_entries_beside_a_valid_signature_are_skipped()
    {
        // The multi-signature case of the reference libraries' tests, plus entries they must tolerate.
        var valid = WebhookSigner.Sign(_secret, "msg_1", SentAt, Body);
        var header = $"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=  v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,abc v1 v1,!! {valid} v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

        Assert.True(Verifier(SentAt).Verify(Body, "msg_1", Seconds(SentAt.ToUnixTimeSeconds()), header, [_secret]).IsValid);
    }

    [Theory]
    [InlineData(null, "1", "v1,x")]
    [InlineData("msg_1", null, "v1,x")]
    [InlineData("msg_1", "1", null)]
    [InlineData("", "1", "v1,x")]
    [InlineData("msg_1", "", "v1,x")]
    [InlineData("msg_1", "1", "")]
    public void Missing_headers_are_reported_as_missing(string? id, string? timestamp, string? signature) =>
        Assert.Equal(WebhookVerificationStatus.MissingHeaders, Verifier(SentAt).Verify(Body, id, timestamp, signature, [_secret]).Status);

    [Theory]
    [InlineData("abc")]
    [InlineData("-1740816000")]
    [InlineData("+1740816000")]
    [InlineData(" 1740816000")]
    [InlineData("1740816000 ")]
    [InlineData("1740816000.5")]
    [InlineData("1.7e9")]
    [InlineData("0x67C2BE00")]
    [InlineData("１７４０８１６０００")]
    [InlineData("99999999999999999999")]
    [InlineData("00000000000000000001740816000")]
    public void Garbage_timestamps_are_malformed(string timestamp)
    {
        var signature = WebhookSigner.Sign(_secret, "msg_1", SentAt, Body);

        Assert.Equal(WebhookVerificationStatus.Malformed, Verifier(SentAt).Verify(Body, "msg_1", timestamp, signature, [_secret]).Status);
    }

    [Theory]
    [InlineData("0", "Stale")]
    [InlineData("9223372036854775807", "Future")]
    public void Extreme_numeric_timestamps_are_out_of_tolerance(string timestamp, string expected) =>
        Assert.Equal(expected, Verifier(SentAt).Verify(Body, "msg_1", timestamp, "v1,x", [_secret]).Status.ToString());

    [Theory]
    [InlineData("msg.1")]
    [InlineData("msg 1")]
    [InlineData("msg\t1")]
    [InlineData("msg_é")]
    [InlineData("msg\u00001")]
    public void Ids_outside_printable_ascii_or_with_dots_are_malformed(string id) =>
        Assert.Equal(WebhookVerificationStatus.Malformed, Verifier(SentAt).Verify(Body, id, Seconds(SentAt.ToUnixTimeSeconds()), "v1,x", [_secret]).Status);

    [Fact]
    public void Huge_headers_are_malformed()
    {
        var verifier = Verifier(SentAt);
        var timestamp = Seconds(SentAt.ToUnixTimeSeconds());
        var valid = WebhookSigner.Sign(_secret, "msg_1", SentAt, Body);

        Assert.Equal(WebhookVerificationStatus.Malformed, verifier.Verify(Body, new string('a', 1_000_000), timestamp, valid, [_secret]).Status);
        Assert.Equal(WebhookVerificationStatus.Malformed, verifier.Verify(Body, "msg_1", new string('1', 1_000_000), valid, [_secret]).Status);
        Assert.Equal(WebhookVerificationStatus.Malformed, verifier.Verify(Body, "msg_1", timestamp, string.Join(' ', Enumerable.Repeat(valid, 100_000)), [_secret]).Status);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1")]
    [InlineData("v1,")]
    [InlineData("v1,====")]
    [InlineData("v1,not base64!")]
    [InlineData("V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=AAAA")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ")]
    [InlineData("   ")]
    [InlineData(",,, v1,,v1")]
    public void Unusable_signatures_fail_without_throwing(string signature) =>
        Assert.Equal(WebhookVerificationStatus.BadSignature,
            Verifier(SentAt).Verify(Body, "msg_1", Seconds(SentAt.ToUnixTimeSeconds()), signature, [_secret]).Status);

    [Fact]
    public void Random_header_values_never_throw_and_never_pass()
    {
        var random = new Random(20250301);
        var verifier = Verifier(SentAt);
        var alphabet = "v1a,. =+/-_0123456789msgéAZ\t\u0000".ToCharArray();
        string Garbage() => new(random.GetItems(alphabet, random.Next(0, 80)));

        for (var i = 0; i < 2_000; i++)
        {
            var result = verifier.Verify(Body, Garbage(), random.Next(2) == 0 ? Garbage() : Seconds(SentAt.ToUnixTimeSeconds()), Garbage(), [_secret]);
            Assert.False(result.IsValid);
        }
    }

    [Fact]
    public void Request_headers_are_read_by_their_standard_names()
    {
        var signed = WebhookSigner.CreateHeaders("msg_1", SentAt, Body, [_secret]);
        var headers = new HeaderDictionary
        {
            ["Webhook-Id"] = signed.Id,
            ["webhook-timestamp"] = Seconds(signed.Timestamp),
            ["WEBHOOK-SIGNATURE"] = signed.Signature,
        };

        var result = Verifier(SentAt).Verify(Body, headers, [_secret]);

        Assert.True(result.IsValid);
        Assert.Equal("msg_1", result.Id);
    }

    [Fact]
    public void A_repeated_request_header_is_malformed()
    {
        var signed = WebhookSigner.CreateHeaders("msg_1", SentAt, Body, [_secret]);
        var headers = new HeaderDictionary
        {
            [WebhookHeaders.IdName] = signed.Id,
            [WebhookHeaders.TimestampName] = Seconds(signed.Timestamp),
            [WebhookHeaders.SignatureName] = new(["v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", signed.Signature]),
        };

        Assert.Equal(WebhookVerificationStatus.Malformed, Verifier(SentAt).Verify(Body, headers, [_secret]).Status);
    }

    private static WebhookVerifier Verifier(DateTimeOffset now, int toleranceSeconds = 300) =>
        new(new FakeTimeProvider(now), Options.Create(new WebhooksOptions { TimestampToleranceSeconds = toleranceSeconds }));

    private static string Seconds(long unixSeconds) => unixSeconds.ToString(CultureInfo.InvariantCulture);
}
