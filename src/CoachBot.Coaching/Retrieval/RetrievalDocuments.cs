using CoachBot.Coaching.RoleContent;
using CoachBot.Ids;

namespace CoachBot.Coaching.Retrieval;

/// <summary>The retrieval documents of a role page: one per section.</summary>
public static class RetrievalDocuments
{
    /// <summary>
    /// The page's sections as documents: shipped ("role/region/section") when <paramref name="tenant"/> is null, else owned
    /// by the tenant ("tenant/role/region/section"), so the two never share an id.
    /// </summary>
    public static IEnumerable<RetrievalDocument> Of(RolePage page, TenantId? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var prefix = tenant is { } owner ? owner.Value + "/" : "";
        return page.Sections.Select(section => new RetrievalDocument(
            $"{prefix}{section.RoleId}/{section.RegionId}/{section.SectionId}",
            tenant?.Value,
            section.RoleId,
            section.RegionId,
            section.SectionId,
            section.Title,
            section.Text,
            section.ContentVersion));
    }
}
