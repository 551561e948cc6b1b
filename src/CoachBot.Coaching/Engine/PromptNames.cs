using CoachBot.Coaching.Intents;

namespace CoachBot.Coaching.Engine;

/// <summary>Names of the prompt files in prompts/ that the code runs.</summary>
public static class PromptNames
{
    /// <summary>prompts/persona.yaml: who the coach is; rendered into every intent prompt.</summary>
    public const string Persona = "persona";

    /// <summary>prompts/extract-profile-facts.yaml: structured extraction of what the user said about themselves.</summary>
    public const string ExtractProfileFacts = "extract-profile-facts";

    /// <summary>The prompt that answers an intent: prompts/{intent}.yaml, e.g. prompts/salary.yaml.</summary>
    public static string ForIntent(CoachingIntent intent) => IntentNames.Of(intent);

    /// <summary>prompts/no-role.yaml: a career question while no role is known, so there is no role content to ground it.</summary>
    public const string NoRole = "no-role";

    /// <summary>prompts/approved-answer.yaml: a question the tenant's coaches approved an answer for, whatever its intent.</summary>
    public const string ApprovedAnswer = "approved-answer";

    /// <summary>
    /// The prompt that answers a turn: <see cref="ApprovedAnswer"/> when the coaches approved an answer for the question;
    /// else the intent's, or <see cref="NoRole"/> when no role page could be chosen (a prompt that claims role content as
    /// its only source must never run without any).
    /// </summary>
    public static string For(CoachingContext context) => context switch
    {
        { Approved: not null } => ApprovedAnswer,
        { Page: null } when context.Intent.Intent != CoachingIntent.OffTopic => NoRole,
        _ => ForIntent(context.Intent.Intent),
    };

    /// <summary>Every intent prompt.</summary>
    public static IEnumerable<string> IntentPrompts => Enum.GetValues<CoachingIntent>().Select(ForIntent);
}
