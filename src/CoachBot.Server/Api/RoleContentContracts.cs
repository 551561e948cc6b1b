namespace CoachBot.Server.Api;

/// <summary>A role page sent as JSON instead of as text/markdown.</summary>
/// <param name="Markdown">The page, in the role content format (docs/role-content-format.md).</param>
public sealed record RoleOverlayUpload(string? Markdown);

/// <summary>A tenant's overlay page as stored and applied.</summary>
/// <param name="RoleId">The page's role id.</param>
/// <param name="Role">The role's display name.</param>
/// <param name="RegionId">The page's region id.</param>
/// <param name="Region">The region's display name.</param>
/// <param name="ContentVersion">The page's version, cited in replies that use it.</param>
/// <param name="LastReviewed">When the page was last reviewed.</param>
/// <param name="Sections">The page's sections, in page order.</param>
/// <param name="OverridesShipped">True when the page replaces a shipped page (same role and region) for this tenant.</param>
/// <param name="Replaced">True when the tenant already had an overlay of this role, which this one replaced.</param>
/// <param name="UpdatedAt">When it was stored.</param>
public sealed record RoleOverlaySummary(
    string RoleId,
    string Role,
    string RegionId,
    string Region,
    string ContentVersion,
    DateOnly LastReviewed,
    IReadOnlyList<RoleSectionView> Sections,
    bool OverridesShipped,
    bool Replaced,
    DateTimeOffset UpdatedAt);

/// <summary>One section of a role page.</summary>
/// <param name="Id">The section id, e.g. "salary".</param>
/// <param name="Title">The section heading, e.g. "Salary and market signals".</param>
public sealed record RoleSectionView(string Id, string Title);

/// <summary>A role the tenant's users are coached on.</summary>
/// <param name="RoleId">The role id.</param>
/// <param name="Role">The role's display name.</param>
/// <param name="Source">"shipped" (CoachBot's pages only), "overlay" (the tenant's own role) or "override" (the tenant's page replaces a shipped one).</param>
/// <param name="Regions">The role's pages the tenant sees, by region id.</param>
public sealed record RoleContentEntry(string RoleId, string Role, string Source, IReadOnlyList<RoleRegionEntry> Regions);

/// <summary>One page of a role the tenant sees.</summary>
/// <param name="RegionId">The region id.</param>
/// <param name="Region">The region's display name.</param>
/// <param name="ContentVersion">The page's version.</param>
/// <param name="Source">"shipped", "overlay" or "override", for this page.</param>
public sealed record RoleRegionEntry(string RegionId, string Region, string ContentVersion, string Source);
