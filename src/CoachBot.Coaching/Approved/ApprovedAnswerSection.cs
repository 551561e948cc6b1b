using CoachBot.Coaching.RoleContent;
using CoachBot.Review;

namespace CoachBot.Coaching.Approved;

/// <summary>
/// An approved answer as a source of a reply: numbered, cited and checked like a role-content section, so figures it
/// states are grounded and its citation shows the coaching team's words.
/// </summary>
public static class ApprovedAnswerSection
{
    /// <summary>The section id of an approved answer's citation; its content version is the answer's id.</summary>
    public const string SectionId = "approved-answer";

    /// <summary>The citation's title.</summary>
    public const string Title = "Approved answer from your coaching team";

    /// <summary>The answer as a source; an answer scoped to any role or region takes the turn's page's.</summary>
    public static RoleSection From(ApprovedAnswer answer, RolePage? page) =>
        new(answer.RoleId ?? page?.RoleId ?? "", answer.RegionId ?? page?.RegionId ?? "", answer.Id, SectionId, Title, answer.Answer);

    /// <summary>True for the citation of an approved answer.</summary>
    public static bool Is(RoleSection section) => section.SectionId == SectionId;
}
