using System.Collections.Concurrent;

namespace CoachBot.Grains.Quotas;

/// <summary>The tenants whose usage counter has an activation on this silo.</summary>
public sealed class UsageCounters
{
    private readonly ConcurrentDictionary<string, byte> _tenants = new(StringComparer.Ordinal);

    /// <summary>The tenant ids, as of now.</summary>
    public IReadOnlyCollection<string> Tenants => [.. _tenants.Keys];

    internal void Activated(string tenantId) => _tenants[tenantId] = 0;

    internal void Deactivated(string tenantId) => _tenants.TryRemove(tenantId, out _);
}
