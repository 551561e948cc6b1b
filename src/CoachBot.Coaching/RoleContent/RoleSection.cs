using CoachBot.Conversations;

namespace CoachBot.Coaching.RoleContent;

/// <summary>One section of a role page as plain text, carrying what is needed to retrieve and cite it on its own.</summary>
/// <param name="RoleId">The page's role id, e.g. "backend-developer".</param>
/// <param name="RegionId">The page's region id, e.g. "usa".</param>
/// <param name="ContentVersion">The page's version, e.g. "2026.11.1".</param>
/// <param name="SectionId">The section id, one of <see cref="RoleSectionIds"/>.</param>
/// <param name="Title">The section heading, e.g. "Career levels".</param>
/// <param name="Text">The section's content without Markdown markup: subheadings, labels, "- " bullets and paragraphs, one per line.</param>
public sealed record RoleSection(string RoleId, string RegionId, string ContentVersion, string SectionId, string Title, string Text)
{
    /// <summary>A citation of this section for a reply that relied on it.</summary>
    public Citation ToCitation() => new(RoleId, RegionId, SectionId, Title, ContentVersion);
}
