using System.Collections.Concurrent;
using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Server.Tenancy;

/// <summary>
/// Tenant settings read on hot paths (every turn's quotas, every request's origin check), cached briefly so a settings
/// change takes effect within <see cref="Lifetime"/> without a store read per request.
/// </summary>
internal sealed class CachedTenantSettings(ITenantStore store, TimeProvider time) : ITenantLimits
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<TenantId, (TenantSettings Settings, DateTimeOffset ReadAt)> _tenants = new();
    private (IReadOnlySet<string> Origins, DateTimeOffset ReadAt)? _allOrigins;

    /// <summary>The tenant's settings; the defaults when the tenant is unknown.</summary>
    public async ValueTask<TenantSettings> GetAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_tenants.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < Lifetime)
        {
            return cached.Settings;
        }

        var settings = (await store.GetTenantAsync(tenantId, cancellationToken))?.Settings ?? new TenantSettings();
        _tenants[tenantId] = (settings, now);
        return settings;
    }

    public async ValueTask<TenantQuotas> GetQuotasAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
        (await GetAsync(tenantId, cancellationToken)).Quotas;

    /// <summary>Drops what is cached about the tenant, after its settings changed on this host.</summary>
    public void Forget(TenantId tenantId)
    {
        _tenants.TryRemove(tenantId, out _);
        _allOrigins = null;
    }

    /// <summary>Every origin any tenant allows (for CORS preflights, which do not say which tenant they are for).</summary>
    public async ValueTask<IReadOnlySet<string>> GetAllAllowedOriginsAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_allOrigins is { } cached && now - cached.ReadAt < Lifetime)
        {
            return cached.Origins;
        }

        var tenants = await store.ListTenantsAsync(cancellationToken);
        var origins = tenants.SelectMany(t => t.Settings.AllowedOrigins).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _allOrigins = (origins, now);
        return origins;
    }
}
