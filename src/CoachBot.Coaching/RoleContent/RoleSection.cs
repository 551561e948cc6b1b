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
    /// <summary>How much of the section a citation carries: enough to recognise the passage, little enough to keep per reply.</summary>
    public const int PassageLength = 320;

    /// <summary>A citation of this section for a reply that relied on it, with the opening of the section's text.</summary>
    public Citation ToCitation() => new(RoleId, RegionId, SectionId, Title, ContentVersion, Passage());

    // Whole lines while they fit; a first line longer than the limit is cut at a word.
    private string Passage()
    {
        var text = Text.Trim();
        if (text.Length <= PassageLength)
        {
            return text;
        }

        var cut = text.LastIndexOf('\n', PassageLength);
        if (cut <= 0)
        {
            cut = text.LastIndexOf(' ', PassageLength);
        }

        return text[..(cut > 0 ? cut : PassageLength)].TrimEnd() + " …";
    }
}
