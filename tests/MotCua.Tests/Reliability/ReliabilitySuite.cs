// The reliability suite of issue 7. Its classes run one after another: each loads the machine on its own, and
// figures measured beside another load test would mean little.
namespace MotCua.Tests.Reliability;

[CollectionDefinition(Name)]
public sealed class ReliabilitySuite
{
    public const string Name = "Reliability";

    public const string LongSetting = "MOTCUA_RELIABILITY_LONG";

    /// <summary>
    /// <c>MOTCUA_RELIABILITY_LONG=1</c>: the full sizes (a 1,000-dossier backlog, 60 s of load) instead of the
    /// smaller ones that fit the CI budget with the same assertions.
    /// </summary>
    public static bool Full { get; } = Environment.GetEnvironmentVariable(LongSetting) == "1";
}
