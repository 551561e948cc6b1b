using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>
/// Tenants, their API keys and their audit log. Every change that is audited writes its audit entry in the same
/// transaction, so the log cannot miss a change. Every read and write of tenant data filters by tenant.
/// </summary>
public interface ITenantStore
{
    /// <summary>
    /// Creates a tenant with its write-only secrets (encrypted at rest; null for none); false (and nothing written) when the
    /// id is taken. Throws <see cref="Conversations.CoachBotException"/> with <see cref="Conversations.ErrorCodes.ChannelInUse"/>
    /// when a Slack team id or Teams app id of the settings belongs to another tenant.
    /// </summary>
    Task<bool> CreateTenantAsync(Tenant tenant, TenantSecretChanges? secrets, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>The tenant, or null.</summary>
    Task<Tenant?> GetTenantAsync(TenantId tenantId, CancellationToken cancellationToken = default);

    /// <summary>All tenants, by id.</summary>
    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the display name and settings and applies the given secret changes (a secret not given stays as it is).
    /// Null when there is no such tenant; <see cref="Conversations.ErrorCodes.ChannelInUse"/> as for <see cref="CreateTenantAsync"/>.
    /// </summary>
    Task<Tenant?> UpdateTenantAsync(TenantId tenantId, string displayName, TenantSettings settings, TenantSecretChanges? secrets, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>The tenant's model API key, for calling the model; never for showing.</summary>
    Task<string?> GetModelApiKeyAsync(TenantId tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One of the tenant's secrets, decrypted, for using it; never for showing. Null when none is stored. Throws
    /// <see cref="TenantSecretUnavailableException"/> when the stored value cannot be decrypted.
    /// </summary>
    Task<string?> GetSecretAsync(TenantId tenantId, TenantSecretKind kind, CancellationToken cancellationToken = default);

    /// <summary>The tenant that owns the Slack workspace (team or enterprise id), or null.</summary>
    Task<Tenant?> FindTenantBySlackTeamAsync(string teamId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant whose Teams bot has the Microsoft app id, or null; when the tenant names an Entra tenant id, the
    /// activity's <paramref name="entraTenantId"/> must match it.
    /// </summary>
    Task<Tenant?> FindTenantByTeamsAppAsync(string appId, string? entraTenantId, CancellationToken cancellationToken = default);

    /// <summary>The tenant whose widget key is <paramref name="widgetKey"/>, or null.</summary>
    Task<Tenant?> FindTenantByWidgetKeyAsync(string widgetKey, CancellationToken cancellationToken = default);

    /// <summary>Replaces the tenant's widget key (the old one stops working at once). False when there is no such tenant.</summary>
    Task<bool> SetWidgetKeyAsync(TenantId tenantId, string widgetKey, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Replaces the tenant's identity secret. False when there is no such tenant.</summary>
    Task<bool> SetIdentitySecretAsync(TenantId tenantId, string identitySecret, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>The tenant's identity secret, for verifying widget users; never for showing.</summary>
    Task<string?> GetIdentitySecretAsync(TenantId tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that an identity token id was used; false when it was already used and has not expired (a replay).
    /// Expired records are removed on the way.
    /// </summary>
    Task<bool> TryUseIdentityTokenAsync(TenantId tenantId, string tokenId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Stores a new key by the SHA-256 of its text (lowercase hex).</summary>
    Task CreateApiKeyAsync(ApiKey key, string keyHash, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>The key whose SHA-256 is <paramref name="keyHash"/>, revoked or not; null when unknown.</summary>
    Task<ApiKey?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken = default);

    /// <summary>The tenant's keys, newest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(TenantId tenantId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key of this tenant. False when the tenant has no such key (whether or not another tenant has).</summary>
    Task<bool> RevokeApiKeyAsync(TenantId tenantId, string keyId, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);

    /// <summary>Records use of a key unless it was recorded less than <paramref name="granularity"/> ago.</summary>
    Task TouchApiKeyAsync(string keyId, DateTimeOffset at, TimeSpan granularity, CancellationToken cancellationToken = default);

    /// <summary>The tenant's audit log, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(TenantId tenantId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records an action about one user (export, deletion) in the tenant's audit log, with the user as its subject.</summary>
    Task RecordUserAuditAsync(UserKey user, AuditActor actor, string action, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The audit entries whose subject is the user, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAboutUserAsync(UserKey user, CancellationToken cancellationToken = default);
}
