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

    /// <summary>Every intent prompt.</summary>
    public static IEnumerable<string> IntentPrompts => Enum.GetValues<CoachingIntent>().Select(ForIntent);
}
