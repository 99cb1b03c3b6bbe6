using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MotCua.TestWorker;

public static class Program
{
    public static void Main(string[] args) => CreateBuilder(args).Build().Run();

    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.TryAddSingleton<Probe>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
