using CoachBot.Coaching.Engine;
using CoachBot.Conversations;

namespace CoachBot.Grains.Users;

/// <summary>
/// Keeps what a user grain remembers of the conversation small: the latest turns for the next prompt, the older of them
/// trimmed, and one summary line per turn before them. The transcript store has every turn whole; this is only what the
/// next reply needs to keep the thread.
/// </summary>
internal static class ConversationMemory
{
    private const int SummaryQuestionLength = 200;
    private const string Ellipsis = "…";

    /// <summary>
    /// Brings the state within <paramref name="limits"/>: turns beyond <see cref="ConversationOptions.RecentTurnsKept"/>
    /// move into the running summary (the oldest lines of which go past <see cref="ConversationOptions.EarlierTurnsKept"/>),
    /// and every recent turn but the last two (the one running and the exchange before it) is trimmed.
    /// </summary>
    public static void Compact(UserState state, ConversationOptions limits)
    {
        var turns = state.RecentTurns;
        var excess = turns.Count - limits.RecentTurnsKept;
        if (excess > 0)
        {
            // A human coach's message leaves the window without a summary line: the transcript keeps it.
            state.EarlierTurns.AddRange(turns.Take(excess).Where(t => t.CoachName is null).Select(Summarize));
            turns.RemoveRange(0, excess);
        }

        var surplus = state.EarlierTurns.Count - limits.EarlierTurnsKept;
        if (surplus > 0)
        {
            state.EarlierTurns.RemoveRange(0, surplus);
        }

        for (var i = 0; i < turns.Count - 2; i++)
        {
            Trim(turns[i], limits.RecentTurnTextKept);
        }
    }

    /// <summary>The running summary as the engine takes it.</summary>
    public static EarlierTurn ToRequest(EarlierTurnRecord line) =>
        new(line.Question, line.Intent, line.RoleId, line.RegionId, [.. line.Sections], line.Status);

    private static EarlierTurnRecord Summarize(TurnRecord turn)
    {
        var topic = TopicOf(turn.Metadata);
        return new EarlierTurnRecord
        {
            TurnId = turn.TurnId,
            StartedAt = turn.StartedAt,
            Question = Shorten(turn.Question, SummaryQuestionLength),
            Intent = topic?.Intent ?? turn.Metadata?.Intent,
            RoleId = topic?.RoleId,
            RegionId = topic?.RegionId,
            Sections = [.. turn.Citations.Select(c => c.SectionId).Distinct(StringComparer.Ordinal)],
            Status = turn.Status,
        };
    }

    private static void Trim(TurnRecord turn, int textLimit)
    {
        if (turn.Trimmed || turn.Status == TurnStatus.Streaming)
        {
            return;
        }

        turn.Question = Shorten(turn.Question, textLimit);
        turn.Reply = Shorten(turn.Reply, textLimit);
        turn.Citations = [.. turn.Citations.Select(c => c.Passage is null ? c : c with { Passage = null })];
        if (turn.Metadata is { } metadata)
        {
            // What a later turn reads of an earlier one: its intent and topic (role, region, asked level). The assessment,
            // grounding flags, usage and learned fields stay with the stored reply.
            turn.Metadata = new ReplyMetadata { Intent = metadata.Intent, Topic = TopicOf(metadata) };
        }

        turn.Trimmed = true;
    }

    // Replies stored before topics were kept carry only their intent and assessment.
    private static ConversationTopic? TopicOf(ReplyMetadata? metadata) =>
        metadata?.Topic ?? (metadata is { Intent: { } intent, Assessment: { } assessment }
            ? new ConversationTopic { Intent = intent, RoleId = assessment.RoleId, RegionId = assessment.RegionId, RoleSource = "profile" }
            : null);

    /// <summary>The text up to <paramref name="limit"/> characters, cut at a word boundary and marked as cut.</summary>
    internal static string Shorten(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = text.LastIndexOfAny([' ', '\n', '\t'], limit - 1, limit / 4);
        var end = cut > 0 ? cut : limit - 1;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return string.Concat(text.AsSpan(0, end).TrimEnd(), Ellipsis);
    }
}
