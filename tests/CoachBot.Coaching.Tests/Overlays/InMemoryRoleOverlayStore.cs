using System.Collections.Concurrent;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Coaching.Tests.Overlays;

/// <summary>The overlay store contract in memory, shared by several coaching hosts the way one database is shared by a cluster.</summary>
public sealed class InMemoryRoleOverlayStore : IRoleOverlayStore
{
    private readonly ConcurrentDictionary<(TenantId, string), RoleOverlay> _rows = new();

    public List<(TenantId Tenant, string Action, string RoleId)> Audit { get; } = [];

    public Task<RoleOverlay?> GetAsync(TenantId tenantId, string roleId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rows.GetValueOrDefault((tenantId, roleId)));

    public Task<IReadOnlyList<RoleOverlay>> ListAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RoleOverlay>>([.. _rows.Values.Where(o => o.TenantId == tenantId).OrderBy(o => o.RoleId, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<RoleOverlay>> ListAllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RoleOverlay>>([.. _rows.Values]);

    public Task<IReadOnlyList<RoleOverlayStamp>> ListStampsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RoleOverlayStamp>>([.. _rows.Values.Select(o => new RoleOverlayStamp(o.TenantId, o.RoleId, o.ETag))]);

    public Task<bool> SetAsync(RoleOverlay overlay, int maxOverlaysPerTenant, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            var replaced = _rows.ContainsKey((overlay.TenantId, overlay.RoleId));
            if (!replaced && _rows.Keys.Count(k => k.Item1 == overlay.TenantId) >= maxOverlaysPerTenant)
            {
                throw new CoachBotException(ErrorCodes.OverlayLimitReached, "The tenant has the most role pages it may have.");
            }

            _rows[(overlay.TenantId, overlay.RoleId)] = overlay;
            Audit.Add((overlay.TenantId, AuditActions.ContentOverlaySet, overlay.RoleId));
            return Task.FromResult(replaced);
        }
    }

    public Task<RoleOverlay?> RemoveAsync(TenantId tenantId, string roleId, DateTimeOffset at, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (!_rows.TryRemove((tenantId, roleId), out var removed))
        {
            return Task.FromResult<RoleOverlay?>(null);
        }

        Audit.Add((tenantId, AuditActions.ContentOverlayRemoved, roleId));
        return Task.FromResult<RoleOverlay?>(removed);
    }

    /// <summary>Stores a page as the API would, with a fresh ETag.</summary>
    public Task SetPageAsync(TenantId tenant, string roleId, string regionId, string markdown, string version) =>
        SetAsync(new RoleOverlay(tenant, roleId, regionId, markdown, version, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, new AuditActor("test", "admin")), int.MaxValue);
}
