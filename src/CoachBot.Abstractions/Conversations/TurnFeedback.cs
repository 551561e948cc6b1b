namespace CoachBot.Conversations;

/// <summary>How the user rated a reply.</summary>
[GenerateSerializer]
public enum FeedbackRating
{
    /// <summary>Thumbs up: the reply helped.</summary>
    Up = 0,

    /// <summary>Thumbs down: the reply did not help.</summary>
    Down = 1,
}

/// <summary>The user's feedback on one of their replies, stored on the turn for the tenant's coaches.</summary>
/// <param name="Rating">Up or down.</param>
/// <param name="Comment">What the user added, trimmed; null when nothing.</param>
/// <param name="SubmittedAt">When it was last submitted (submitting again replaces it).</param>
[GenerateSerializer, Immutable, Alias("coachbot.TurnFeedback")]
public sealed record TurnFeedback(
    [property: Id(0)] FeedbackRating Rating,
    [property: Id(1)] string? Comment,
    [property: Id(2)] DateTimeOffset SubmittedAt)
{
    /// <summary>The longest comment accepted, in characters, after trimming.</summary>
    public const int MaxCommentLength = 1000;
}

/// <summary>Feedback as the user writes it; validated by the user's grain.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.FeedbackSubmission")]
public sealed record FeedbackSubmission
{
    /// <summary>"up" or "down".</summary>
    [Id(0)] public string? Rating { get; init; }

    /// <summary>Optional; at most <see cref="TurnFeedback.MaxCommentLength"/> characters after trimming. Empty means none.</summary>
    [Id(1)] public string? Comment { get; init; }
}
