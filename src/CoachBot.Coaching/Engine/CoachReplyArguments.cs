using System.Text.Json;
using System.Text.Json.Serialization;
using CoachBot.Profiles;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// The variables passed to the coach-reply prompt. Values are data (JSON or the user's own words), never instructions:
/// the template decides how the model should read them.
/// </summary>
public static class CoachReplyArguments
{
    public const string Profile = "profile";
    public const string RecentTurns = "recent_turns";
    public const string Question = "question";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Builds the arguments for one turn.</summary>
    public static KernelArguments Create(CoachingRequest request, int recentTurnLimit)
    {
        var recent = request.RecentTurns.Length > recentTurnLimit
            ? request.RecentTurns[^recentTurnLimit..]
            : request.RecentTurns;
        return new KernelArguments
        {
            [Profile] = JsonSerializer.Serialize(ProfileForPrompt(request.Profile), Json),
            [RecentTurns] = JsonSerializer.Serialize(recent.Select(t => new { question = t.Question, reply = t.Reply, status = t.Status }), Json),
            [Question] = request.Question,
        };
    }

    // Evidence and timestamps are bookkeeping; the model needs only the facts.
    private static object ProfileForPrompt(CareerProfile profile) => new
    {
        profile.TargetRole,
        profile.Region,
        profile.CurrentTitle,
        profile.Level,
        profile.YearsOfExperience,
        Skills = profile.Skills.Select(s => new { s.Name, s.Proficiency }),
        profile.Goals,
        profile.Certifications,
    };
}
