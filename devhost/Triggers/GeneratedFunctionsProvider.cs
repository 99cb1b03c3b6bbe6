using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;

namespace MotCua.DevHost.Triggers;

/// <summary>
/// Hands the WebJobs SDK the one emitted Host.Functions type to index (instead of scanning assemblies) and the one instance
/// of it, wired to this DevHost's worker, to run its functions on.
/// </summary>
internal sealed class GeneratedFunctionsProvider(GeneratedFunctions instance) : ITypeLocator, IJobActivator
{
    public IReadOnlyList<Type> GetTypes() => [instance.GetType()];

    public T CreateInstance<T>() => (T)(object)instance;
}
