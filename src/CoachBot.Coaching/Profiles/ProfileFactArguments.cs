using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Builds the arguments for one message.</summary>
    public static KernelArguments Create(string userMessage, CareerProfile current, DateTimeOffset now) => new()
    {
        [Today] = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [Profile] = JsonSerializer.Serialize(ProfileForPrompt(current), Json),
        [Message] = userMessage,
    };

    // Evidence and timestamps are bookkeeping; the model needs only the facts.
    private static object ProfileForPrompt(CareerProfile profile) => new
    {
        profile.TargetRole,
        profile.Region,
        profile.CurrentTitle,
        profile.Level,
        profile.YearsOfExperience,
        Skills = profile.Skills.IsDefault ? [] : profile.Skills.Select(s => new { s.Name, s.Proficiency }),
        Goals = profile.Goals.IsDefault ? [] : profile.Goals,
        Certifications = profile.Certifications.IsDefault ? [] : profile.Certifications,
    };
}
