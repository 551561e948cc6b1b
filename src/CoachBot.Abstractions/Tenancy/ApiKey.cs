using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>What an API key may do.</summary>
public enum ApiKeyKind
{
    /// <summary>Runs the platform: creates tenants. Belongs to no tenant.</summary>
    Operator,

    /// <summary>Manages one tenant: settings, keys, audit log.</summary>
    TenantAdmin,

    /// <summary>A tenant's own servers calling CoachBot.</summary>
    Service,
}

/// <summary>An API key as stored: only the SHA-256 of the key is kept, so the key itself cannot be shown again.</summary>
/// <param name="Id">The key's public id (used to list and revoke it).</param>
/// <param name="TenantId">The tenant it belongs to; null for operator keys.</param>
/// <param name="Kind">What it may do.</param>
/// <param name="Hint">The key's first characters, to tell keys apart in a list.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
/// <param name="LastUsedAt">When it was last used, to the minute.</param>
public sealed record ApiKey(string Id, TenantId? TenantId, ApiKeyKind Kind, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);
