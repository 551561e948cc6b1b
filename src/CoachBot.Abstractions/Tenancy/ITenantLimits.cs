using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>
/// A tenant's usage limits as the grains read them. The host implements it over the tenant store (with a short cache),
/// so grains never talk to HTTP or the store's admin API.
/// </summary>
public interface ITenantLimits
{
    /// <summary>The tenant's quotas; the defaults when the tenant is unknown.</summary>
    ValueTask<TenantQuotas> GetQuotasAsync(TenantId tenantId, CancellationToken cancellationToken = default);
}
