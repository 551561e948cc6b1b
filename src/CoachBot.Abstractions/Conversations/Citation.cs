namespace CoachBot.Conversations;

/// <summary>A role-content section a reply relied on.</summary>
/// <param name="RoleId">The role page's id, e.g. "backend-developer".</param>
/// <param name="Region">The role page's region id, e.g. "usa".</param>
/// <param name="SectionId">The section's id within the page, e.g. "career-levels".</param>
/// <param name="SectionTitle">The section's heading, for display.</param>
/// <param name="ContentVersion">The version of the page the section came from.</param>
/// <param name="Passage">The opening of the cited section's text (a few hundred characters), so a reader sees what was cited.</param>
[GenerateSerializer, Immutable, Alias("coachbot.Citation")]
public sealed record Citation(
    [property: Id(0)] string RoleId,
    [property: Id(1)] string Region,
    [property: Id(2)] string SectionId,
    [property: Id(3)] string SectionTitle,
    [property: Id(4)] string ContentVersion,
    [property: Id(5)] string? Passage = null);
