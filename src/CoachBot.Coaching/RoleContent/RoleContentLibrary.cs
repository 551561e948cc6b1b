using System.Collections.Frozen;
using System.Collections.Immutable;
using CoachBot.Ids;

namespace CoachBot.Coaching.RoleContent;

/// <summary>
/// Every role page, keyed by (tenant overlay, role id, region id). The shipped pages form the base layer; a tenant can add or
/// override pages with <see cref="AddOverlay"/>. Lookups with a tenant see that tenant's pages first and fall back to the base;
/// lookups without one, or for a tenant without an overlay, see the base. Ids are matched case-insensitively. Thread-safe.
/// </summary>
public sealed class RoleContentLibrary
{
    /// <summary>The region used when none is given and the role has a page for it.</summary>
    public const string DefaultRegionId = "usa";

    private readonly PageView _base;
    private readonly Lock _overlayWrites = new();
    private ImmutableDictionary<TenantId, TenantOverlay> _overlays = ImmutableDictionary<TenantId, TenantOverlay>.Empty;

    /// <summary>A library whose base layer is <paramref name="basePages"/>.</summary>
    /// <exception cref="ArgumentException">Two pages have the same role id and region id.</exception>
    public RoleContentLibrary(IEnumerable<RolePage> basePages)
    {
        _base = PageView.Create(Distinct(basePages, "the base layer"), []);
    }

    /// <summary>
    /// Adds pages for one tenant. A page with the same role id and region id as a base page (or an earlier overlay page of
    /// the tenant) overrides it for that tenant only; other pages are added for that tenant only.
    /// </summary>
    /// <exception cref="ArgumentException">Two of the given pages have the same role id and region id.</exception>
    public void AddOverlay(TenantId tenant, IEnumerable<RolePage> pages)
    {
        var added = Distinct(pages, $"the overlay for tenant '{tenant}'");
        UpdateOverlay(tenant, own => own.SetItems(added.Select(p => KeyValuePair.Create(PageKey.Of(p), p))));
    }

    /// <summary>
    /// Makes <paramref name="page"/> the tenant's only overlay page of its role: the tenant's earlier pages of that role
    /// (in any region) are dropped, and the page overrides the base page of the same role and region for that tenant.
    /// </summary>
    public void SetOverlayRole(TenantId tenant, RolePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        UpdateOverlay(tenant, own => RemoveRole(own, page.RoleId).SetItem(PageKey.Of(page), page));
    }

    /// <summary>Drops the tenant's overlay pages of the role, so the base pages of the role (if any) apply again. False when it had none.</summary>
    public bool RemoveOverlayRole(TenantId tenant, string roleId)
    {
        var removed = false;
        UpdateOverlay(tenant, own =>
        {
            var after = RemoveRole(own, roleId);
            removed = after.Count != own.Count;
            return after;
        });
        return removed;
    }

    /// <summary>The tenant's own overlay pages (not the base), ordered by role id, then region id.</summary>
    public IReadOnlyList<RolePage> OverlayPages(TenantId tenant) =>
        Volatile.Read(ref _overlays).TryGetValue(tenant, out var overlay)
            ? [.. overlay.Pages.Values.OrderBy(p => p.RoleId, StringComparer.Ordinal).ThenBy(p => p.RegionId, StringComparer.Ordinal)]
            : [];

    /// <summary>The tenants that have overlay pages.</summary>
    public IReadOnlyList<TenantId> OverlayTenants() => [.. Volatile.Read(ref _overlays).Where(o => !o.Value.Pages.IsEmpty).Select(o => o.Key)];

    /// <summary>The base page for the role in the region, or null.</summary>
    public RolePage? Get(string roleId, string regionId) => Get(null, roleId, regionId);

    /// <summary>The tenant's page for the role in the region, falling back to the base page; null when neither exists.</summary>
    public RolePage? Get(TenantId? tenant, string roleId, string regionId) =>
        View(tenant).Pages.GetValueOrDefault(new PageKey(roleId, regionId));

    /// <summary>The base pages of the role in every region, ordered by region id.</summary>
    public IReadOnlyList<RolePage> Find(string roleId) => Find(null, roleId);

    /// <summary>The role's pages in every region the tenant sees, ordered by region id; empty for an unknown role.</summary>
    public IReadOnlyList<RolePage> Find(TenantId? tenant, string roleId) =>
        View(tenant).ByRole.TryGetValue(roleId, out var pages) ? pages : [];

    /// <summary>Every page the tenant sees (the base merged with the tenant's overrides), ordered by role id, then region id.</summary>
    public IReadOnlyList<RolePage> AllPages(TenantId? tenant = null) => View(tenant).All;

    /// <summary>The role id that free text such as "backend engineer", "SRE" or "Product Managers" names, using base pages; null when none.</summary>
    public string? ResolveRole(string text) => ResolveRole(null, text);

    /// <summary>
    /// The role id that free text names, matched against role names, ids and aliases of the pages the tenant sees (the tenant's
    /// own pages first). Case, punctuation, spacing and plurals are ignored; "developer" and "engineer" are interchangeable
    /// only where a page's aliases list both. A phrase inside a longer text also matches; the longest wins. Null when none.
    /// </summary>
    public string? ResolveRole(TenantId? tenant, string text) => View(tenant).Index.Resolve(text);

    /// <summary>The region id of the role's base pages that <paramref name="regionText"/> names; see the tenant overload.</summary>
    public string? ResolveRegion(string roleId, string? regionText) => ResolveRegion(null, roleId, regionText);

    /// <summary>
    /// The region id of one of the role's pages whose region name or id matches <paramref name="regionText"/>, ignoring case and
    /// punctuation ("Germany", "usa", "U.S.A."). Without a region text, <see cref="DefaultRegionId"/> when the role has it.
    /// Null when the role is unknown, when the text matches none of its regions, or when there is no default.
    /// </summary>
    public string? ResolveRegion(TenantId? tenant, string roleId, string? regionText)
    {
        var pages = Find(tenant, roleId);
        if (string.IsNullOrWhiteSpace(regionText))
        {
            return pages.FirstOrDefault(p => string.Equals(p.RegionId, DefaultRegionId, StringComparison.Ordinal))?.RegionId;
        }

        var key = RoleNameIndex.Key(regionText);
        return pages.FirstOrDefault(p => key == RoleNameIndex.Key(p.Region) || key == RoleNameIndex.Key(p.RegionId))?.RegionId;
    }

    private void UpdateOverlay(TenantId tenant, Func<ImmutableDictionary<PageKey, RolePage>, ImmutableDictionary<PageKey, RolePage>> change)
    {
        lock (_overlayWrites)
        {
            var own = _overlays.TryGetValue(tenant, out var existing) ? existing.Pages : ImmutableDictionary<PageKey, RolePage>.Empty.WithComparers(PageKey.Comparer);
            var changed = change(own);
            if (ReferenceEquals(changed, own))
            {
                return;
            }

            // Readers hold whole views: a new view is built aside and swapped in, never edited in place.
            Volatile.Write(ref _overlays, changed.IsEmpty
                ? _overlays.Remove(tenant)
                : _overlays.SetItem(tenant, new TenantOverlay(changed, PageView.Create([.. changed.Values], _base.All))));
        }
    }

    private static ImmutableDictionary<PageKey, RolePage> RemoveRole(ImmutableDictionary<PageKey, RolePage> pages, string roleId) =>
        pages.RemoveRange(pages.Keys.Where(k => string.Equals(k.RoleId, roleId, StringComparison.OrdinalIgnoreCase)));

    private PageView View(TenantId? tenant) =>
        tenant is { } id && Volatile.Read(ref _overlays).TryGetValue(id, out var overlay) ? overlay.View : _base;

    private static List<RolePage> Distinct(IEnumerable<RolePage> pages, string what)
    {
        var list = pages.ToList();
        var duplicate = list.GroupBy(PageKey.Of, PageKey.Comparer).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? list
            : throw new ArgumentException($"{what} has more than one page for role '{duplicate.Key.RoleId}' in region '{duplicate.Key.RegionId}'.", nameof(pages));
    }

    private readonly record struct PageKey(string RoleId, string RegionId)
    {
        public static IEqualityComparer<PageKey> Comparer { get; } = new IgnoreCase();

        public static PageKey Of(RolePage page) => new(page.RoleId, page.RegionId);

        private sealed class IgnoreCase : IEqualityComparer<PageKey>
        {
            public bool Equals(PageKey x, PageKey y) =>
                string.Equals(x.RoleId, y.RoleId, StringComparison.OrdinalIgnoreCase)
                && string.Equals(x.RegionId, y.RegionId, StringComparison.OrdinalIgnoreCase);

            public int GetHashCode(PageKey key) => HashCode.Combine(
                StringComparer.OrdinalIgnoreCase.GetHashCode(key.RoleId),
                StringComparer.OrdinalIgnoreCase.GetHashCode(key.RegionId));
        }
    }

    private sealed record TenantOverlay(ImmutableDictionary<PageKey, RolePage> Pages, PageView View);

    /// <summary>The pages one tenant (or the base) sees, with the lookups prepared.</summary>
    private sealed record PageView(
        FrozenDictionary<PageKey, RolePage> Pages,
        FrozenDictionary<string, ImmutableArray<RolePage>> ByRole,
        ImmutableArray<RolePage> All,
        RoleNameIndex Index)
    {
        /// <summary>The <paramref name="preferred"/> pages plus the <paramref name="fallback"/> pages they do not override.</summary>
        public static PageView Create(IReadOnlyCollection<RolePage> preferred, IReadOnlyCollection<RolePage> fallback)
        {
            var pages = new Dictionary<PageKey, RolePage>(PageKey.Comparer);
            foreach (var page in fallback.Concat(preferred))
            {
                pages[PageKey.Of(page)] = page;
            }

            var all = pages.Values
                .OrderBy(p => p.RoleId, StringComparer.Ordinal)
                .ThenBy(p => p.RegionId, StringComparer.Ordinal)
                .ToImmutableArray();
            var byRole = all
                .GroupBy(p => p.RoleId, StringComparer.OrdinalIgnoreCase)
                .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.OrdinalIgnoreCase);
            var shadowed = all.Where(p => !preferred.Contains(p));
            return new PageView(pages.ToFrozenDictionary(PageKey.Comparer), byRole, all, RoleNameIndex.Build(preferred, shadowed));
        }
    }
}
