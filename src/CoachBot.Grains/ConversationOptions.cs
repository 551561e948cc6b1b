using System.ComponentModel.DataAnnotations;

namespace CoachBot.Grains;

/// <summary>Limits of a conversation. Bound from the "Conversation" configuration section.</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Conversation";

    /// <summary>The longest message a user may send, in characters.</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>
    /// How many recent turns the user grain keeps in its state for the next prompt (the transcript store keeps all of
    /// them). Older turns leave a line in the running summary.
    /// </summary>
    [Range(1, 50)]
    public int RecentTurnsKept { get; set; } = 6;

    /// <summary>
    /// The longest question or reply text of a recent turn kept in the state, in characters; the latest turn is kept
    /// whole, so a follow-up reads the whole last reply.
    /// </summary>
    [Range(100, 100_000)]
    public int RecentTurnTextKept { get; set; } = 1000;

    /// <summary>How many older turns the running summary remembers (one short line each); the oldest go first.</summary>
    [Range(0, 500)]
    public int EarlierTurnsKept { get; set; } = 30;

    /// <summary>The most messages one history request returns.</summary>
    [Range(1, 1000)]
    public int MaxHistoryPage { get; set; } = 100;

    /// <summary>
    /// A streaming reply's text is stored at most this often (when new text arrived), so a crash keeps what the person
    /// already read without a write per chunk.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A streaming reply's text is also stored as soon as this many new characters arrived since the last checkpoint.</summary>
    [Range(64, 1_000_000)]
    public int CheckpointCharacters { get; set; } = 1024;

    /// <summary>How long deactivation waits for a running turn to record its interruption.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each silo adds the model tokens it counted to its tenants' daily totals (and reads back what the other
    /// silos added). Longer: fewer calls to a busy tenant's usage grain, a larger possible overshoot of the token budget.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
