// The zip that Azure Functions deploys (az functionapp deployment source config-zip), made by
// `MotCua package <publish folder> <zip>` after publish (scripts/publish.sh).
using System.IO.Compression;

namespace MotCua.Hosting;

internal static class DeploymentPackage
{
    public const string Command = "package";

    public static void Create(string publishFolder, string zipPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        File.Delete(zipPath);
        // On Linux every entry carries its file's Unix permissions, so the MotCua executable is still executable
        // where the host unpacks the package; the tests hold this, since a zip made on Windows would lose it.
        ZipFile.CreateFromDirectory(publishFolder, zipPath, CompressionLevel.Optimal, includeBaseDirectory: false);
    }
}
