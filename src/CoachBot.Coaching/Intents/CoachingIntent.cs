namespace CoachBot.Coaching.Intents;

/// <summary>What the user wants from this turn. Each intent has its own prompt file.</summary>
public enum CoachingIntent
{
    /// <summary>Where am I on the ladder, what comes next, how to get promoted.</summary>
    CareerPath,

    /// <summary>Which skills are missing and a 30/60/90-day learning plan.</summary>
    SkillGaps,

    /// <summary>Review of resume bullets: outcomes, metrics, ATS keywords.</summary>
    ResumeReview,

    /// <summary>Interview themes for the level, a practice question, feedback on an answer.</summary>
    InterviewPrep,

    /// <summary>Salary and market signals.</summary>
    Salary,

    /// <summary>Which certifications are worth it.</summary>
    Certifications,

    /// <summary>Career talk that fits none of the above: greetings, general questions about the role.</summary>
    General,

    /// <summary>Not about careers; answered with a polite redirect.</summary>
    OffTopic,
}

/// <summary>The classified intent and why.</summary>
/// <param name="Intent">The intent.</param>
/// <param name="Confidence">0 to 1: how clearly the message signalled it.</param>
/// <param name="Signals">The words or patterns that decided it, for logs and tests.</param>
public sealed record IntentMatch(CoachingIntent Intent, double Confidence, IReadOnlyList<string> Signals);
