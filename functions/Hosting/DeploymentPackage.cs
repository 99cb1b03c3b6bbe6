// The zip that Azure Functions deploys (az functionapp deployment source config-zip), made by
// `MotCua package <publish folder> <zip>` after publish: the published folder as it is, Unix permissions kept.
using System.IO.Compression;

namespace MotCua.Hosting;

internal static class DeploymentPackage
{
    public const string Command = "package";

    // The type bits of a regular file (S_IFREG), which unzip tools expect beside the permissions.
    private const int RegularFile = 0x8000;

    public static void Create(string publishFolder, string zipPath)
    {
        var root = Path.GetFullPath(publishFolder);
        var zipFile = Path.GetFullPath(zipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(zipFile)!);
        File.Delete(zipFile);
        using var zip = ZipFile.Open(zipFile, ZipArchiveMode.Create);
        // Sorted, so two packages of the same folder list their entries alike.
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file == zipFile)
            {
                continue;
            }

            var entry = zip.CreateEntryFromFile(file, Path.GetRelativePath(root, file).Replace('\\', '/'), CompressionLevel.Optimal);
            // The host starts the MotCua executable from the unpacked package: its execute bit must travel in the zip,
            // where Unix permissions live in the high half of the external attributes.
            if (!OperatingSystem.IsWindows())
            {
                entry.ExternalAttributes = (RegularFile | (int)File.GetUnixFileMode(file)) << 16;
            }
        }
    }
}
