using MotCua.Hosting;

namespace MotCua.Reporting;

internal static class OverdueFunctions
{
    public static FunctionRegistry AddOverdueFunctions(this FunctionRegistry functions) => functions
        .AddTimer<OverdueSweep>(nameof(OverdueSweep), OverdueSweep.Schedule)
        .AddHttp(nameof(OverdueList), "GET", "ops/overdue", AuthLevel.Function, OverdueList.HandleAsync);
}
