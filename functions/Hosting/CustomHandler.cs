namespace MotCua.Hosting;

// PLACEHOLDER: replaced by the custom-handler work.
internal static class CustomHandler
{
    public static void MapCustomHandlerInvocations(this WebApplication app, FunctionRegistry functions)
    {
        _ = app;
        _ = functions;
    }
}
