namespace CoachBot.Conversations;

/// <summary>Where a turn's reply stands.</summary>
[GenerateSerializer]
public enum TurnStatus
{
    /// <summary>The reply is being generated.</summary>
    Streaming = 0,

    /// <summary>The reply was generated in full and stored.</summary>
    Completed = 1,

    /// <summary>The user stopped the reply; what was generated so far is stored.</summary>
    Cancelled = 2,

    /// <summary>The reply could not be generated; the user message is kept and the user may retry.</summary>
    Failed = 3,
}

/// <summary>Who wrote a transcript message.</summary>
[GenerateSerializer]
public enum MessageRole
{
    /// <summary>The person being coached.</summary>
    User = 0,

    /// <summary>CoachBot.</summary>
    Assistant = 1,

    /// <summary>A human coach of the tenant, writing into the conversation (see <see cref="TranscriptMessage.AuthorName"/>).</summary>
    Coach = 2,
}
