using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>One tenant's role page, added to or replacing the shipped role content for that tenant only.</summary>
/// <param name="TenantId">The tenant that owns it.</param>
/// <param name="RoleId">The page's role id (one overlay per role and tenant).</param>
/// <param name="RegionId">The page's region id.</param>
/// <param name="Markdown">The page as uploaded (docs/role-content-format.md).</param>
/// <param name="ContentVersion">The page's version, as cited in replies.</param>
/// <param name="ETag">Changes on every write; hosts compare it to find overlays changed elsewhere.</param>
/// <param name="UpdatedAt">When it was last written.</param>
/// <param name="UpdatedBy">Who wrote it.</param>
public sealed record RoleOverlay(
    TenantId TenantId,
    string RoleId,
    string RegionId,
    string Markdown,
    string ContentVersion,
    string ETag,
    DateTimeOffset UpdatedAt,
    AuditActor UpdatedBy);

/// <summary>Which version of an overlay is stored, without its text: what a host compares to see what changed.</summary>
public sealed record RoleOverlayStamp(TenantId TenantId, string RoleId, string ETag);

/// <summary>
/// Tenants' role-content overlays. Writes record their audit entry (<see cref="AuditActions.ContentOverlaySet"/>,
/// <see cref="AuditActions.ContentOverlayRemoved"/>) in the same transaction. Every tenant read filters by tenant.
/// </summary>
public interface IRoleOverlayStore
{
    /// <summary>The tenant's overlay of the role, or null.</summary>
    Task<RoleOverlay?> GetAsync(TenantId tenantId, string roleId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's overlays, by role id.</summary>
    Task<IReadOnlyList<RoleOverlay>> ListAsync(TenantId tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every tenant's overlays, for loading them at start.</summary>
    Task<IReadOnlyList<RoleOverlay>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The stamp of every stored overlay (no text): cheap enough to poll.</summary>
    Task<IReadOnlyList<RoleOverlayStamp>> ListStampsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces the tenant's overlay of the role, audited as <see cref="RoleOverlay.UpdatedBy"/>. True when it
    /// replaced one. Creating one more than <paramref name="maxOverlaysPerTenant"/> fails with
    /// <see cref="Conversations.ErrorCodes.OverlayLimitReached"/> and stores nothing; the count and the write are one atomic
    /// step, so concurrent writers cannot go past the cap together. Replacing an existing overlay always works.
    /// </summary>
    Task<bool> SetAsync(RoleOverlay overlay, int maxOverlaysPerTenant, CancellationToken cancellationToken = default);

    /// <summary>Removes the tenant's overlay of the role; the removed overlay, or null when the tenant had none.</summary>
    Task<RoleOverlay?> RemoveAsync(TenantId tenantId, string roleId, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default);
}
