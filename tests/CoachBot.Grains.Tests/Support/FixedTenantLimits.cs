using System.Collections.Concurrent;
using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Grains.Tests.Support;

/// <summary>Tenant limits the tests set per tenant; other tenants get the defaults.</summary>
public sealed class FixedTenantLimits : ITenantLimits
{
    private readonly ConcurrentDictionary<TenantId, TenantQuotas> _quotas = new();

    public void Set(TenantId tenant, TenantQuotas quotas) => _quotas[tenant] = quotas;

    public ValueTask<TenantQuotas> GetQuotasAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_quotas.TryGetValue(tenantId, out var quotas) ? quotas : new TenantQuotas());
}
