using System.Collections.Immutable;
using CoachBot.Coaching.Intents;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// Everything worked out for one turn before any model runs: the intent, the role page the answer is grounded in,
/// the career assessment and the role-content sections given to the model, in the order their [n] markers refer to.
/// </summary>
/// <param name="Request">The turn.</param>
/// <param name="Intent">What the user wants.</param>
/// <param name="Page">The role page (target role and region), or null when no role is known yet.</param>
/// <param name="Assessment">The career assessment on that page, or null without a page.</param>
/// <param name="Sections">The sections provided as grounding, numbered from 1 in this order.</param>
/// <param name="KnownRoles">Display names of the roles CoachBot has content for, to offer when none is known.</param>
/// <param name="Retrieved">Sections of the page that retrieval ranked closest to the question, best first.</param>
public sealed record CoachingContext(
    CoachingRequest Request,
    IntentMatch Intent,
    RolePage? Page,
    CareerAssessment? Assessment,
    ImmutableArray<RoleSection> Sections,
    ImmutableArray<string> KnownRoles,
    ImmutableArray<RoleSection> Retrieved = default)
{
    /// <summary>The coach's name in this tenant's persona.</summary>
    public string CoachName { get; init; } = "CoachBot";

    /// <summary>The intent's name as stored in metadata and used for prompt file names, e.g. "career-path".</summary>
    public string IntentName => IntentNames.Of(Intent.Intent);
}

/// <summary>Kebab-case names of intents.</summary>
public static class IntentNames
{
    public static string Of(CoachingIntent intent) => intent switch
    {
        CoachingIntent.CareerPath => "career-path",
        CoachingIntent.SkillGaps => "skill-gaps",
        CoachingIntent.ResumeReview => "resume-review",
        CoachingIntent.InterviewPrep => "interview-prep",
        CoachingIntent.Salary => "salary",
        CoachingIntent.Certifications => "certifications",
        CoachingIntent.OffTopic => "off-topic",
        _ => "general",
    };
}
