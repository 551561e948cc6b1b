namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// One retrievable unit: a section of a role page, either shipped with CoachBot or added by a tenant.
/// </summary>
/// <param name="Id">Unique across the whole index, for example "backend-developer/usa/salary".</param>
/// <param name="TenantOverlay">The tenant that owns this document, or null for shipped content that every tenant sees.</param>
/// <param name="RoleId">Role slug, for example "backend-developer".</param>
/// <param name="RegionId">Region slug, for example "usa".</param>
/// <param name="SectionId">Section id, for example "salary".</param>
/// <param name="Title">Section heading, for example "Salary and market signals".</param>
/// <param name="Text">Section body as plain text, one paragraph, label or bullet per line.</param>
/// <param name="ContentVersion">Version of the page the section came from.</param>
public sealed record RetrievalDocument(
    string Id,
    string? TenantOverlay,
    string RoleId,
    string RegionId,
    string SectionId,
    string Title,
    string Text,
    string ContentVersion)
{
    /// <summary>
    /// Whether a query made for <paramref name="tenantId"/> (null: no tenant) may see this document by ownership. The index
    /// also hides shipped documents of a page the tenant overrides; see <see cref="RetrievalIndex.IsVisible"/>.
    /// </summary>
    public bool IsVisibleTo(string? tenantId) =>
        TenantOverlay is null || (tenantId is not null && string.Equals(TenantOverlay, tenantId, StringComparison.Ordinal));
}
