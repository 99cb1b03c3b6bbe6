using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace MotCua.DemoAgency;

/// <summary>An agency this program plays, with the secret it registered at the portal on start.</summary>
internal sealed record PlayedAgency(string Id, string Name, string Secret);

internal sealed class PlayedAgencies
{
    private readonly ConcurrentDictionary<string, PlayedAgency> _byId = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public void Add(PlayedAgency agency) => _byId[agency.Id] = agency;

    public void Remove(string id) => _byId.TryRemove(id, out _);

    public bool TryFind(string id, [NotNullWhen(true)] out PlayedAgency? agency) => _byId.TryGetValue(id, out agency);
}
