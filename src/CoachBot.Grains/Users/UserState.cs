using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;

namespace CoachBot.Grains.Users;

/// <summary>
/// What a user grain persists: the profile, the current conversation, a small window of recent turns for the next prompt
/// (the latest whole, older ones trimmed), a running summary of the turns before them, and the id of a turn that was
/// running when the state was written (so a crash mid-turn is noticed on the next activation). The transcript store
/// keeps every turn whole; the state stays a few kilobytes however long the conversation gets.
/// </summary>
public sealed class UserState
{
    public CareerProfile Profile { get; set; } = CareerProfile.Empty;

    public ConversationId? ConversationId { get; set; }

    public List<TurnRecord> RecentTurns { get; set; } = [];

    /// <summary>What the turns of the conversation before <see cref="RecentTurns"/> were about, oldest first.</summary>
    public List<EarlierTurnRecord> EarlierTurns { get; set; } = [];

    public TurnId? RunningTurnId { get; set; }

    public long TurnCount { get; set; }

    /// <summary>
    /// The chat platform conversation the person's latest message came from, where a human coach's message is posted too;
    /// null when it came from the widget.
    /// </summary>
    public ChannelAddress? ChannelAddress { get; set; }

    /// <summary>The UTC day <see cref="MessagesToday"/> counts.</summary>
    public DateOnly QuotaDay { get; set; }

    /// <summary>Messages sent on <see cref="QuotaDay"/>, against the tenant's daily quota.</summary>
    public int MessagesToday { get; set; }
}

/// <summary>A recent turn, as the grain remembers it, or a human coach's message (<see cref="CoachName"/> set) in its place among them.</summary>
public sealed class TurnRecord
{
    public required TurnId TurnId { get; set; }

    public required ConversationId ConversationId { get; set; }

    public required string Question { get; set; }

    public string Reply { get; set; } = "";

    public TurnStatus Status { get; set; } = TurnStatus.Streaming;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public List<Citation> Citations { get; set; } = [];

    public string? Model { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public ReplyMetadata? Metadata { get; set; }

    /// <summary>
    /// True once the record was cut down for the prompt (texts shortened, cited passages and bookkeeping dropped): it is
    /// no longer the turn as stored, so readers that need the whole turn go to the transcript store.
    /// </summary>
    public bool Trimmed { get; set; }

    /// <summary>For a human coach's message: the coach's name (<see cref="Reply"/> holds the text); null for a turn.</summary>
    public string? CoachName { get; set; }
}

/// <summary>One line of the running summary: what an older turn was about.</summary>
public sealed class EarlierTurnRecord
{
    public required TurnId TurnId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The opening of the question.</summary>
    public required string Question { get; set; }

    public string? Intent { get; set; }

    public string? RoleId { get; set; }

    public string? RegionId { get; set; }

    public List<string> Sections { get; set; } = [];

    public TurnStatus Status { get; set; }
}
