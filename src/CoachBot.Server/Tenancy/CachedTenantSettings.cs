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

    private readonly ConcurrentDictionary<TenantId, (TenantSettings Settings, TenantSettingsVersion Version, DateTimeOffset ReadAt)> _tenants = new();
    private readonly ConcurrentDictionary<TenantId, long> _localChanges = new();
    private readonly ConcurrentDictionary<string, (TenantId Tenant, DateTimeOffset ReadAt)> _widgetKeys = new(StringComparer.Ordinal);
    private (IReadOnlySet<string> Origins, DateTimeOffset ReadAt)? _allOrigins;
    private long _generation;

    /// <summary>The tenant's settings; the defaults when the tenant is unknown.</summary>
    public async ValueTask<TenantSettings> GetAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
        (await GetVersionedAsync(tenantId, cancellationToken)).Settings;

    /// <summary>
    /// The tenant's settings with the version they were read at. The version changes whenever the tenant's settings or
    /// secrets change: at once on the host that changed them, within <see cref="Lifetime"/> on others.
    /// </summary>
    public async ValueTask<(TenantSettings Settings, TenantSettingsVersion Version)> GetVersionedAsync(TenantId tenantId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_tenants.TryGetValue(tenantId, out var cached) && now - cached.ReadAt < Lifetime)
        {
            return (cached.Settings, cached.Version);
        }

        var changes = _localChanges.GetValueOrDefault(tenantId);
        var tenant = await store.GetTenantAsync(tenantId, cancellationToken);
        var version = new TenantSettingsVersion(tenant?.UpdatedAt ?? DateTimeOffset.MinValue, changes);
        var settings = tenant?.Settings ?? new TenantSettings();
        // Settings changed on this host while this read was in flight must not be cached again after Forget dropped them.
        if (_localChanges.GetValueOrDefault(tenantId) == changes)
        {
            _tenants[tenantId] = (settings, version, now);
        }

        return (settings, version);
    }

    public async ValueTask<TenantQuotas> GetQuotasAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
        (await GetAsync(tenantId, cancellationToken)).Quotas;

    /// <summary>
    /// The tenant whose public widget key this is, with its settings; null when no tenant has it. Known keys are cached
    /// like settings; unknown ones are not, so made-up keys cannot fill the cache.
    /// </summary>
    public async ValueTask<(TenantId Tenant, TenantSettings Settings)?> FindByWidgetKeyAsync(string widgetKey, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_widgetKeys.TryGetValue(widgetKey, out var cached) && now - cached.ReadAt < Lifetime)
        {
            return (cached.Tenant, await GetAsync(cached.Tenant, cancellationToken));
        }

        var generation = Interlocked.Read(ref _generation);
        var tenant = await store.FindTenantByWidgetKeyAsync(widgetKey, cancellationToken);
        if (tenant is null)
        {
            _widgetKeys.TryRemove(widgetKey, out _);
            return null;
        }

        // A key rotated while this read was in flight must not be cached again after Forget dropped it.
        if (Interlocked.Read(ref _generation) == generation)
        {
            _widgetKeys[widgetKey] = (tenant.Id, now);
        }

        return (tenant.Id, tenant.Settings);
    }

    /// <summary>
    /// Drops what is cached about the tenant (settings, widget keys) and moves its settings version on, after its settings,
    /// secrets or widget key changed on this host.
    /// </summary>
    public void Forget(TenantId tenantId)
    {
        Interlocked.Increment(ref _generation);
        _localChanges.AddOrUpdate(tenantId, 1, (_, count) => count + 1);
        _tenants.TryRemove(tenantId, out _);
        foreach (var (key, entry) in _widgetKeys)
        {
            if (entry.Tenant == tenantId)
            {
                _widgetKeys.TryRemove(key, out _);
            }
        }

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
