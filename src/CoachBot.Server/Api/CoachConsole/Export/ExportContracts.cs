using CoachBot.Profiles;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>A coach's export in JSON: one or more whole conversations (the CSV and Markdown exports hold the same messages).</summary>
/// <param name="ExportedAt">When the export was made.</param>
/// <param name="Redacted">True when personal details in free text were replaced by tags ([email], [phone], [name], [employer], [salary]).</param>
/// <param name="Conversations">Most recently active first.</param>
public sealed record ConversationExportDocument(DateTimeOffset ExportedAt, bool Redacted, IReadOnlyList<ExportedConversation> Conversations);

/// <summary>One conversation of a consenting user.</summary>
/// <param name="UserId">The user, within the coach's tenant (kept as is: coaches need the id to follow up).</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Channel">Where its first exported message was written.</param>
/// <param name="StartedAt">Its first exported message's time.</param>
/// <param name="LastMessageAt">Its latest message's time.</param>
/// <param name="MessageCount">The exported messages.</param>
/// <param name="Truncated">True when the conversation has more messages than one export holds (the oldest are left out).</param>
/// <param name="Tags">The coaches' tags.</param>
/// <param name="Profile">The career profile as the latest reply saw it; null when no reply recorded one.</param>
/// <param name="Messages">Oldest first.</param>
public sealed record ExportedConversation(
    string UserId,
    string ConversationId,
    string? Channel,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastMessageAt,
    int MessageCount,
    bool Truncated,
    IReadOnlyList<string> Tags,
    CareerProfile? Profile,
    IReadOnlyList<ExportedMessage> Messages);

/// <summary>One message with what was recorded about its turn.</summary>
/// <param name="TurnId">The turn; a user message and its reply share it.</param>
/// <param name="Role">"user", "assistant" or "coach".</param>
/// <param name="Author">For a human coach's message, the name the user saw; null otherwise.</param>
/// <param name="Text">The stored text.</param>
/// <param name="At">When it was stored.</param>
/// <param name="Status">"completed", "cancelled", "failed" or "streaming".</param>
/// <param name="ErrorCode">Why a reply failed.</param>
/// <param name="Intent">The intent a reply was answered as.</param>
/// <param name="Model">The model that wrote a reply.</param>
/// <param name="LatencyMs">From the user message being stored to the reply ending.</param>
/// <param name="Tokens">Model tokens, when reported.</param>
/// <param name="Citations">The sections (or approved answers) a reply relied on, with the passage text.</param>
/// <param name="Feedback">The user's rating of a reply.</param>
public sealed record ExportedMessage(
    string TurnId,
    string Role,
    string? Author,
    string Text,
    DateTimeOffset At,
    string Status,
    string? ErrorCode,
    string? Intent,
    string? Model,
    long? LatencyMs,
    TokenCountsResponse? Tokens,
    IReadOnlyList<ConsoleCitationResponse> Citations,
    ConsoleFeedbackResponse? Feedback);
