namespace MotCua.Hosting;

// PLACEHOLDER: replaced by the publish work.
internal static class FunctionMetadata
{
    public const string EmitCommand = "emit-functions";

    public static void Write(FunctionRegistry functions, string appRoot, string outputFolder)
    {
        _ = functions;
        _ = appRoot;
        _ = outputFolder;
    }
}
