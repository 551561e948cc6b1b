using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
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
    public const string EarlierTurns = "earlier_turns";
    public const string Question = "question";
    public const string Conversation = "conversation";
    public const string Roles = "roles";

    // Relaxed escaping: the model reads "0–2 years" and "Bachelor's", not "0\u20132 years" and "Bachelor\u0027s". The
    // values never reach HTML; the prompt template encodes them for its message tags and the model sees them decoded.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
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
        if (context.Intent.Intent == CoachingIntent.OffTopic && context.Approved is null)
        {
            return new KernelArguments
            {
                [Persona] = renderedPersona,
                [Question] = context.Question,
            };
        }

        var recentJson = RecentConversationJson(request, recentTurnLimit);
        var earlierJson = EarlierJson(request.Earlier);
        if (context.Page is null && context.Approved is null)
        {
            return new KernelArguments
            {
                [Persona] = renderedPersona,
                [Profile] = ProfileJson(request.Profile),
                [Roles] = JsonSerializer.Serialize(new { available = context.KnownRoles, closest = context.RoleCandidates }, Json),
                [EarlierTurns] = earlierJson,
                [RecentTurns] = recentJson,
                [Question] = context.Question,
            };
        }

        return new KernelArguments
        {
            [Persona] = renderedPersona,
            [Profile] = ProfileJson(request.Profile),
            [Assessment] = context.Assessment is null ? "null" : JsonSerializer.Serialize(context.Assessment, Json),
            [Content] = JsonSerializer.Serialize(context.Sections.Select((s, i) => new { n = i + 1, role = s.RoleId, region = s.RegionId, section = s.SectionId, title = s.Title, version = s.ContentVersion, text = s.Text }), Json),
            [Conversation] = ConversationJson(context),
            [EarlierTurns] = earlierJson,
            [RecentTurns] = recentJson,
            [Question] = context.Question,
        };
    }

    /// <summary>The running summary of the turns before the recent ones, oldest first.</summary>
    public static string EarlierJson(ImmutableArray<EarlierTurn> earlier) => earlier.IsDefaultOrEmpty
        ? "[]"
        : JsonSerializer.Serialize(
            earlier.Select(t => new { question = t.Question, intent = t.Intent, role = t.RoleId, region = t.RegionId, sections = t.Sections.IsDefaultOrEmpty ? null : t.Sections.Distinct(), status = t.Status }),
            Json);

    /// <summary>
    /// The last <paramref name="recentTurnLimit"/> turns, oldest first, with a human coach's messages in their place among
    /// them as entries of their own (<c>humanCoach</c>, <c>said</c>): the model reads them as the person's coach speaking,
    /// never as its own earlier replies.
    /// </summary>
    public static string RecentConversationJson(CoachingRequest request, int recentTurnLimit)
    {
        var skipped = Math.Max(0, request.RecentTurns.Length - recentTurnLimit);
        var notes = request.CoachNotes.IsDefault ? [] : request.CoachNotes;
        var entries = new List<object>();
        for (var i = skipped; i <= request.RecentTurns.Length; i++)
        {
            entries.AddRange(notes.Where(n => n.AfterTurns == i).Select(n => (object)new { humanCoach = n.CoachName, said = n.Text }));
            if (i < request.RecentTurns.Length)
            {
                var turn = request.RecentTurns[i];
                entries.Add(new { question = turn.Question, reply = turn.Reply, status = turn.Status });
            }
        }

        return JsonSerializer.Serialize(entries, Json);
    }

    /// <summary>
    /// Where the conversation stands: the previous topic, whether this message follows up on it, and the level the
    /// question asks about, so a model answers "and in Germany?" about the same thing and builds on its last reply.
    /// </summary>
    public static string ConversationJson(CoachingContext context) => JsonSerializer.Serialize(
        new
        {
            previousTopic = context.Focus.Topic is { } topic ? new { intent = topic.Intent, role = topic.RoleId, region = topic.RegionId } : null,
            followUp = context.IsFollowUp,
            role = context.Page is null ? null : new { id = context.Page.RoleId, name = context.Page.Role, region = context.Page.Region, source = context.RoleSource },
            askedLevel = context.AskedLevel is { } level ? $"{level.Name} ({level.YearsText})" : null,
            answerLines = context.Passages.IsDefaultOrEmpty ? null : context.Passages.Take(2).Select(p => new { section = p.Document.SectionId, text = p.Text }),
        },
        Json);

    /// <summary>
    /// The profile as prompts see it: the facts only (evidence and timestamps are bookkeeping). Shared by every prompt that
    /// takes a profile.
    /// </summary>
    /// <remarks>
    /// A profile is immutable and the grain hands the same instance to every turn until it changes, so its JSON is
    /// written once per instance and read back after: a turn does not serialize an unchanged profile again.
    /// </remarks>
    public static string ProfileJson(CareerProfile profile) => ProfileJsonByInstance.GetValue(profile, WriteProfileJson);

    private static readonly ConditionalWeakTable<CareerProfile, string> ProfileJsonByInstance = [];

    private static string WriteProfileJson(CareerProfile profile) => JsonSerializer.Serialize(
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
