using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CoachBot.Coaching.Intents;
using CoachBot.Conversations;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// What the conversation is about going into a turn, read from the last answered turn: its topic (intent, role, region,
/// asked level), and the replies already given, so a follow-up is read against them and the coach builds on what it said
/// instead of repeating it.
/// </summary>
/// <param name="Topic">The last answered turn's topic, or null at the start of a conversation.</param>
/// <param name="EarlierReplies">The replies of the conversation so far, oldest first.</param>
public sealed partial record ConversationFocus(ConversationTopic? Topic, ImmutableArray<string> EarlierReplies)
{
    /// <summary>No earlier turn.</summary>
    public static ConversationFocus None { get; } = new(null, []);

    /// <summary>The focus after <paramref name="turns"/> (oldest first). Turns stored before topics were kept fall back to their intent and assessment.</summary>
    public static ConversationFocus From(ImmutableArray<PriorTurn> turns)
    {
        if (turns.IsDefaultOrEmpty)
        {
            return None;
        }

        ConversationTopic? topic = null;
        for (var i = turns.Length - 1; i >= 0 && topic is null; i--)
        {
            var metadata = turns[i].Metadata;
            if (i > 0 && metadata?.Topic is { Intent: "general" } && !AskedSomething(turns[i].Question))
            {
                // "I'm a DevOps engineer, 2 years" between a question and its follow-up only adds facts: the thread is the one before.
                continue;
            }

            topic = metadata?.Topic ?? (metadata?.Intent is { } intent
                ? new ConversationTopic { Intent = intent, RoleId = metadata.Assessment?.RoleId, RegionId = metadata.Assessment?.RegionId, RoleSource = "profile" }
                : null);
        }

        return new ConversationFocus(topic, [.. turns.Where(t => t.Status == TurnStatus.Completed).Select(t => t.Reply)]);
    }

    /// <summary>The previous turn's intent, when there was one.</summary>
    public CoachingIntent? PreviousIntent => Topic?.Intent is { } name ? IntentNames.Parse(name) : null;

    /// <summary>True when an earlier reply already said <paramref name="text"/> (compared without case and markers).</summary>
    public bool AlreadySaid(string text)
    {
        if (EarlierReplies.IsDefaultOrEmpty || string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var probe = Normalize(text);
        if (probe.Length < 12)
        {
            return false;
        }

        // A long statement counts as said when its first words were; replies quote the start of a line and may reword its end.
        var head = probe.Length > 60 ? probe[..60] : probe;
        return EarlierReplies.Any(r => Normalize(r).Contains(head, StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether the message is a follow-up that leans on the previous turn for its topic: short, and with no topic word of
    /// its own once connectives, question words and the names of roles, regions and levels are set aside ("and in
    /// Germany?", "why?", "what about seniors?", "ok, and for frontend?"). "Can I work remotely?" has a topic of its own.
    /// </summary>
    /// <param name="message">The person's own words.</param>
    /// <param name="isNameWord">True for a word that is part of a role, region or level name.</param>
    public static bool IsShortFollowUp(string message, Func<string, bool> isNameWord)
    {
        ArgumentNullException.ThrowIfNull(isNameWord);
        var words = Word().Matches(message).Select(m => m.Value.ToLowerInvariant()).ToList();
        return words.Count is > 0 and <= 10 && words.All(w => FunctionWords.Contains(w) || isNameWord(w) || isNameWord(w.TrimEnd('s')));
    }

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "and", "also", "plus", "but", "so", "ok", "okay", "k", "cool", "great", "nice", "thanks", "thank", "then", "what", "whats", "what's",
        "how", "about", "same", "if", "in", "that", "case", "for", "a", "an", "the", "any", "more", "other", "others", "tell", "me",
        "go", "on", "why", "like", "such", "as", "is", "it", "its", "it's", "there", "here", "this", "that", "those", "these", "please",
        "can", "could", "would", "should", "do", "does", "you", "your", "of", "to", "at", "be", "are", "was", "were", "else", "one",
        "ones", "level", "levels", "role", "roles", "region", "country", "i", "my", "we", "us", "too", "again", "now", "with", "or",
        "hmm", "hm", "right", "really", "sure", "yes", "yeah", "yep", "no", "nope", "got", "see", "explain", "elaborate", "detail",
        "details", "example", "examples", "which", "who", "when", "where", "them", "they", "their", "someone", "people", "folks", "not",
        "instead", "though", "still", "than", "vs", "versus", "compared", "compare", "difference", "different", "differ", "say",
        "said", "mean", "means", "position", "positions", "job", "jobs", "track", "next", "up", "over", "give", "another",
        "question", "questions", "btw", "fyi", "actually", "im", "i'm", "am", "here", "one", "more",
    };

    [GeneratedRegex(@"[\p{L}\p{N}']+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>True when the message asks something: a question mark, or a question or request word.</summary>
    public static bool AskedSomething(string question) => question.Contains('?', StringComparison.Ordinal) || QuestionWord().IsMatch(question);

    [GeneratedRegex(@"\b(?:what|how|why|when|where|which|who|can|could|should|do|does|is|are|will|would|tell\s+me|explain|help)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionWord();

    private static string Normalize(string text) =>
        Spaces().Replace(Markers().Replace(text.Replace("**", "", StringComparison.Ordinal), ""), " ").Trim().ToLowerInvariant();

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex Markers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
