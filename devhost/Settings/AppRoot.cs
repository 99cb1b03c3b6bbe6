namespace MotCua.DevHost.Settings;

internal static class AppRoot
{
    /// <summary>The folder with host.json and functions/: <paramref name="start"/> or the nearest folder above it.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")) && Directory.Exists(Path.Combine(dir.FullName, "functions")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
