using System.Collections.Immutable;
using CoachBot.Coaching.Approved;
using CoachBot.Coaching.Intents;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Review;

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

    /// <summary>The person's own words: the message without instructions aimed at the coach. What the turn answers.</summary>
    public string Question { get; init; } = Request.Question;

    /// <summary>What the conversation was about before this turn.</summary>
    public ConversationFocus Focus { get; init; } = ConversationFocus.None;

    /// <summary>Where the role came from: "question", "conversation", "profile" or "tenant-default"; null without a role.</summary>
    public string? RoleSource { get; init; }

    /// <summary>A level the question asks about by name ("what do seniors make?"), on the turn's page.</summary>
    public CareerLevel? AskedLevel { get; init; }

    /// <summary>True when the turn leans on the previous one for its topic ("and in Germany?").</summary>
    public bool IsFollowUp { get; init; }

    /// <summary>Roles the message could mean when none was resolved ("developer": Backend or Frontend Developer).</summary>
    public ImmutableArray<string> RoleCandidates { get; init; } = [];

    /// <summary>The lines of the page that answer the question most directly, best first (a bullet, a sentence, a level block).</summary>
    public ImmutableArray<Retrieval.PassageHit> Passages { get; init; } = [];

    /// <summary>
    /// The answer the tenant's coaches approved for this question, when one fits; it is then the first of
    /// <see cref="Sections"/> and the reply is built on it.
    /// </summary>
    public ApprovedAnswer? Approved { get; init; }

    /// <summary>This context with an approved answer leading its sources.</summary>
    public CoachingContext WithApproved(ApprovedAnswer answer) => this with
    {
        Approved = answer,
        Sections = [ApprovedAnswerSection.From(answer, Page), .. (Sections.IsDefault ? [] : Sections).Take(CoachingContextBuilder.MaxSections - 1)],
    };

    /// <summary>The topic this turn leaves for the next one.</summary>
    public ConversationTopic Topic => new()
    {
        Intent = IntentName,
        RoleId = Page?.RoleId,
        RegionId = Page?.RegionId,
        RoleSource = RoleSource,
        AskedLevel = AskedLevel?.Name,
    };

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

    /// <summary>The intent of a kebab-case name, or null for a name that is not one.</summary>
    public static CoachingIntent? Parse(string name) => name switch
    {
        "career-path" => CoachingIntent.CareerPath,
        "skill-gaps" => CoachingIntent.SkillGaps,
        "resume-review" => CoachingIntent.ResumeReview,
        "interview-prep" => CoachingIntent.InterviewPrep,
        "salary" => CoachingIntent.Salary,
        "certifications" => CoachingIntent.Certifications,
        "off-topic" => CoachingIntent.OffTopic,
        "general" => CoachingIntent.General,
        _ => null,
    };
}
