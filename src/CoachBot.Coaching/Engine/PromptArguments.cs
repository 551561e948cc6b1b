using System.Text.Json;
using System.Text.Json.Serialization;
using CoachBot.Coaching.Intents;
using CoachBot.Profiles;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// The variables the code passes to each prompt. Values are data (JSON or the user's own words), never instructions:
/// the templates in prompts/ decide how the model reads them.
/// </summary>
public static class PromptArguments
{
    public const string CoachName = "coach_name";
    public const string Tone = "tone";
    public const string Persona = "persona";
    public const string Profile = "profile";
    public const string Assessment = "assessment";
    public const string Content = "content";
    public const string RecentTurns = "recent_turns";
    public const string Question = "question";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Arguments of prompts/persona.yaml.</summary>
    public static KernelArguments ForPersona(PersonaOptions persona) => new()
    {
        [CoachName] = persona.CoachName,
        [Tone] = persona.Tone,
    };

    /// <summary>Arguments of the intent prompt for this turn.</summary>
    public static KernelArguments ForIntent(CoachingContext context, string renderedPersona, int recentTurnLimit)
    {
        var request = context.Request;
        if (context.Intent.Intent == CoachingIntent.OffTopic)
        {
            return new KernelArguments
            {
                [Persona] = renderedPersona,
                [Question] = request.Question,
            };
        }

        var recent = request.RecentTurns.Length > recentTurnLimit ? request.RecentTurns[^recentTurnLimit..] : request.RecentTurns;
        return new KernelArguments
        {
            [Persona] = renderedPersona,
            [Profile] = ProfileJson(request.Profile),
            [Assessment] = context.Assessment is null ? "null" : JsonSerializer.Serialize(context.Assessment, Json),
            [Content] = JsonSerializer.Serialize(context.Sections.Select((s, i) => new { n = i + 1, role = s.RoleId, region = s.RegionId, section = s.SectionId, title = s.Title, version = s.ContentVersion, text = s.Text }), Json),
            [RecentTurns] = JsonSerializer.Serialize(recent.Select(t => new { question = t.Question, reply = t.Reply, status = t.Status }), Json),
            [Question] = request.Question,
        };
    }

    /// <summary>
    /// The profile as prompts see it: the facts only (evidence and timestamps are bookkeeping). Shared by every prompt that
    /// takes a profile.
    /// </summary>
    public static string ProfileJson(CareerProfile profile) => JsonSerializer.Serialize(
        new
        {
            profile.TargetRole,
            profile.Region,
            profile.CurrentTitle,
            profile.Level,
            profile.YearsOfExperience,
            Skills = profile.Skills.IsDefault ? [] : profile.Skills.Select(s => new { s.Name, s.Proficiency }),
            Goals = profile.Goals.IsDefault ? [] : profile.Goals,
            Certifications = profile.Certifications.IsDefault ? [] : profile.Certifications,
        },
        Json);
}
