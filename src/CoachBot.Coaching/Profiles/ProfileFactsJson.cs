using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

using CoachBot.Profiles;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Reads a model's JSON answer into <see cref="ProfileFacts"/>, tolerating code fences, surrounding prose, key casing and
/// numbers written as text. A fact without a span that occurs in the user's message is dropped, so the model cannot add
/// facts the user did not state; names are normalized the same way the offline extractor normalizes them.
/// Anything that is not a JSON object yields no facts.
/// </summary>
internal static partial class ProfileFactsJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static ProfileFacts Parse(string? reply, string userMessage, ILogger logger)
    {
        // The object may sit in a code fence or after a sentence; an answer that opens with an array is not an object.
        var start = reply?.IndexOfAny(['{', '[']) ?? -1;
        var end = reply?.LastIndexOf('}') ?? -1;
        if (reply is null || start < 0 || reply[start] != '{' || end < start)
        {
            LogNotJson(logger, reply?.Length ?? 0);
            return ProfileFacts.None;
        }

        JsonObject root;
        try
        {
            if (JsonNode.Parse(reply[start..(end + 1)], documentOptions: Options) is not JsonObject parsed)
            {
                LogNotJson(logger, reply.Length);
                return ProfileFacts.None;
            }

            root = parsed;
        }
        catch (JsonException ex)
        {
            LogInvalidJson(logger, ex, reply.Length);
            return ProfileFacts.None;
        }

        var reader = new Reader(userMessage);
        var facts = new ProfileFacts
        {
            YearsOfExperience = reader.Years(Get(root, "yearsOfExperience")),
            CurrentTitle = reader.Text(Get(root, "currentTitle"), v => v),
            TargetRole = reader.Text(Get(root, "targetRole"), v => RoleLexicon.Roles.TryGetCanonical(v, out var role) ? role : v),
            Region = reader.Region(Get(root, "region")),
            Level = reader.Text(Get(root, "level"), RoleLexicon.Level),
            Skills = reader.Skills(Get(root, "skills")),
            Goals = reader.List(Get(root, "goals"), v => v),
            Certifications = reader.List(Get(root, "certifications"),
                v => CertificationLexicon.Instance.TryGetCanonical(v, out var certification) ? certification : v),
        };

        if (reader.Dropped > 0)
        {
            LogDropped(logger, reader.Dropped);
        }

        return facts;
    }

    private static JsonNode? Get(JsonObject node, string name)
    {
        foreach (var (key, value) in node)
        {
            if (string.Equals(key.Replace("_", "", StringComparison.Ordinal), name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static bool Inferred(JsonNode? node) =>
        node is JsonObject fact && Get(fact, "inferred") is JsonValue flag && flag.TryGetValue<bool>(out var inferred) && inferred;

    private static string? String(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text)
        ? (string.IsNullOrWhiteSpace(text) ? null : text.Trim())
        : null;

    private static decimal? Number(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<decimal>(out var number) => number,
        JsonValue value when value.TryGetValue<string>(out var text)
            && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The profile fact model answered without a JSON object ({Length} characters); no facts taken")]
    private static partial void LogNotJson(ILogger logger, int length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The profile fact model answered with invalid JSON ({Length} characters); no facts taken")]
    private static partial void LogInvalidJson(ILogger logger, Exception exception, int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} profile facts that were malformed or not found in the user's message")]
    private static partial void LogDropped(ILogger logger, int count);

    /// <summary>Reads facts, checking each span against the user's message.</summary>
    private sealed class Reader(string userMessage)
    {
        private readonly string _normalizedMessage = MessageText.Normalize(userMessage);

        public int Dropped { get; private set; }

        public ProfileFact<decimal>? Years(JsonNode? node)
        {
            if (node is null)
            {
                return null;
            }

            var years = Number(node is JsonObject fact ? Get(fact, "value") : null);
            var span = Span(node);
            return Keep(years is >= 0 and <= ProfileLimits.MaxYears && span is not null)
                ? new ProfileFact<decimal>(years!.Value, span!, Inferred(node))
                : null;
        }

        public ProfileFact<string>? Text(JsonNode? node, Func<string, string?> normalize)
        {
            if (node is null)
            {
                return null;
            }

            var value = node is JsonObject fact && String(Get(fact, "value")) is { } text ? normalize(text) : null;
            var span = Span(node);
            return Keep(value is not null && span is not null) ? new ProfileFact<string>(value!, span!, Inferred(node)) : null;
        }

        public ProfileFact<string>? Region(JsonNode? node)
        {
            if (Text(node, v => v) is not { } fact)
            {
                return null;
            }

            return PlaceLexicon.Countries.TryGetCanonical(fact.Value, out var country) ? fact with { Value = country }
                : PlaceLexicon.Cities.TryGetCanonical(fact.Value, out var ofCity) ? fact with { Value = ofCity, Inferred = true }
                : fact;
        }

        public ImmutableArray<SkillFact> Skills(JsonNode? node)
        {
            var skills = new List<SkillFact>();
            foreach (var item in Items(node))
            {
                var name = item is JsonObject skill ? String(Get(skill, "name")) : null;
                var span = Span(item);
                if (!Keep(name is not null && span is not null))
                {
                    continue;
                }

                var canonical = SkillLexicon.Canonicalize(name!);
                var proficiency = Number(item is JsonObject rated ? Get(rated, "proficiency") : null) is { } p && p is >= 1 and <= 5
                    ? (int?)decimal.ToInt32(decimal.Round(p, MidpointRounding.AwayFromZero))
                    : null;
                if (!skills.Any(s => string.Equals(s.Name, canonical, StringComparison.OrdinalIgnoreCase)))
                {
                    skills.Add(new SkillFact(canonical, proficiency, span!));
                }
            }

            return [.. skills];
        }

        public ImmutableArray<ProfileFact<string>> List(JsonNode? node, Func<string, string> normalize) =>
            [.. Items(node).Select(item => Text(item, normalize)).OfType<ProfileFact<string>>()];

        private IEnumerable<JsonNode> Items(JsonNode? node)
        {
            if (node is JsonArray items)
            {
                return items.OfType<JsonNode>();
            }

            Keep(node is null);
            return [];
        }

        // The span as it appears in the user's message, or null when the message does not contain it.
        private string? Span(JsonNode? node)
        {
            if (node is not JsonObject fact || String(Get(fact, "span")) is not { } span)
            {
                return null;
            }

            var index = _normalizedMessage.IndexOf(MessageText.Normalize(span), StringComparison.OrdinalIgnoreCase);
            return index < 0 ? null : userMessage.Substring(index, span.Length);
        }

        private bool Keep(bool valid)
        {
            if (!valid)
            {
                Dropped++;
            }

            return valid;
        }
    }
}
