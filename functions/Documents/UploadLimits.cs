namespace MotCua.Documents;

/// <summary>Upload limits (section <c>Limits</c>, e.g. <c>Limits__MaxFileBytes</c>); API.md's defaults.</summary>
public sealed class UploadLimits
{
    public const string Section = "Limits";

    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    public long MaxDossierBytes { get; set; } = 50 * 1024 * 1024;

    public int MaxFiles { get; set; } = 10;

    /// <summary>The dossier object itself (JSON body or the <c>dossier</c> part).</summary>
    public int MaxJsonBytes { get; set; } = 256 * 1024;
}
