namespace MotCua.DemoAgency;

/// <summary>Section <c>DemoAgency</c>: command-line switches below, or environment variables such as <c>DemoAgency__Portal</c>.</summary>
internal sealed class DemoOptions
{
    public const string Section = "DemoAgency";

    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--portal"] = $"{Section}:{nameof(Portal)}",
        ["--admin-key"] = $"{Section}:{nameof(AdminKey)}",
        ["--listen"] = $"{Section}:{nameof(Listen)}",
        ["--delay"] = $"{Section}:{nameof(DelaySeconds)}",
        ["--agencies"] = $"{Section}:{nameof(Agencies)}",
    };

    /// <summary>Where the portal runs (the local runtime's default).</summary>
    public Uri Portal { get; set; } = new("http://localhost:7071");

    /// <summary>The portal's admin key: <c>FunctionKeys__Admin</c> in local.settings.sample.json.</summary>
    public string AdminKey { get; set; } = "local-admin-key";

    /// <summary>Where this program listens; the portal posts webhooks to <c>{Listen}/agencies/{id}/webhook</c>.</summary>
    public Uri Listen { get; set; } = new("http://127.0.0.1:7072");

    /// <summary>Seconds between the steps of a dossier, so a person watching the portal sees each status.</summary>
    public double DelaySeconds { get; set; } = 3;

    /// <summary>Comma-separated agency ids to play; empty plays every agency of the catalog.</summary>
    public string? Agencies { get; set; }

    public TimeSpan Delay => TimeSpan.FromSeconds(DelaySeconds);

    public IReadOnlySet<string> ChosenAgencyIds() =>
        (Agencies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
