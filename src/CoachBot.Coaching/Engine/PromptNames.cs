namespace CoachBot.Coaching.Engine;

/// <summary>Names of the prompt files in prompts/ that the code runs.</summary>
public static class PromptNames
{
    /// <summary>prompts/coach-reply.yaml: the reply to a user's message.</summary>
    public const string CoachReply = "coach-reply";

    /// <summary>prompts/extract-profile-facts.yaml: the facts a user states about themselves, as JSON.</summary>
    public const string ExtractProfileFacts = "extract-profile-facts";
}
