using System.Globalization;
using CoachBot.Coaching.Engine;
using CoachBot.Profiles;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// The variables passed to the extract-profile-facts prompt. Values are data (JSON, a date or the user's own words),
/// never instructions: the template tells the model how to read them.
/// </summary>
public static class ProfileFactArguments
{
    public const string Today = "today";
    public const string Profile = "profile";
    public const string Message = "message";

    /// <summary>Builds the arguments for one message.</summary>
    public static KernelArguments Create(string userMessage, CareerProfile current, DateTimeOffset now) => new()
    {
        [Today] = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [Profile] = PromptArguments.ProfileJson(current),
        [Message] = userMessage,
    };
}
