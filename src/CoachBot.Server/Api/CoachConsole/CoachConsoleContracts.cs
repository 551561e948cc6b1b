using System.Text.Json;

namespace CoachBot.Server.Api.CoachConsole;

/// <summary>A page of conversations matching the console's filters, most recently active first.</summary>
/// <param name="Items">The conversations.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record ConversationListResponse(IReadOnlyList<ConversationSummaryResponse> Items, string? NextCursor);

/// <summary>One conversation of a consenting user, summarised for the console's list.</summary>
/// <param name="UserId">The user, within the coach's tenant.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Channel">Where its first message was written ("widget", "slack", "teams"); null when not recorded.</param>
/// <param name="StartedAt">When its first message was stored.</param>
/// <param name="LastMessageAt">When its latest message was stored.</param>
/// <param name="MessageCount">User messages and replies.</param>
/// <param name="Intents">The intents its replies were answered as, e.g. "salary".</param>
/// <param name="Rating">"down" when the user rated any reply down, else "up" when any up, else null.</param>
/// <param name="Flagged">True when a coach has flagged it (in any state).</param>
/// <param name="OpenFlags">Flags not yet resolved.</param>
/// <param name="FailedTurns">Replies that failed.</param>
/// <param name="CancelledTurns">Replies the user stopped.</param>
/// <param name="Tags">The coaches' tags, alphabetical.</param>
/// <param name="Snippet">With <c>q</c>: the newest message matching it; otherwise the last user message (cut at 200 characters).</param>
public sealed record ConversationSummaryResponse(
    string UserId,
    string ConversationId,
    string? Channel,
    DateTimeOffset StartedAt,
    DateTimeOffset LastMessageAt,
    int MessageCount,
    IReadOnlyList<string> Intents,
    string? Rating,
    bool Flagged,
    int OpenFlags,
    int FailedTurns,
    int CancelledTurns,
    IReadOnlyList<string> Tags,
    string? Snippet);

/// <summary>A whole conversation as a coach reads it, with the coaches' tags, flags and private notes.</summary>
/// <param name="UserId">The user.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Channel">Where its first message was written.</param>
/// <param name="Messages">Oldest first: each turn's user message, then its reply.</param>
/// <param name="Tags">Alphabetical.</param>
/// <param name="Flags">Oldest first.</param>
/// <param name="Notes">Private to the tenant's staff; oldest first.</param>
public sealed record ConversationTranscriptResponse(
    string UserId,
    string ConversationId,
    string? Channel,
    IReadOnlyList<ConsoleMessageResponse> Messages,
    IReadOnlyList<string> Tags,
    IReadOnlyList<FlagResponse> Flags,
    IReadOnlyList<NoteResponse> Notes);

/// <summary>One message of a transcript with what was recorded about its turn.</summary>
/// <param name="TurnId">The turn; a user message and its reply share it.</param>
/// <param name="Role">"user", "assistant" or "coach".</param>
/// <param name="Text">The stored text.</param>
/// <param name="At">When it was stored.</param>
/// <param name="Status">"streaming", "completed", "cancelled" or "failed" for replies; "completed" for user messages.</param>
/// <param name="ErrorCode">Why a reply failed.</param>
/// <param name="Intent">The intent the reply was answered as.</param>
/// <param name="Model">The model that wrote the reply.</param>
/// <param name="LatencyMs">From the user message being stored to the reply ending.</param>
/// <param name="Tokens">Model tokens, when the model reported them.</param>
/// <param name="Citations">The sections (or approved answers) the reply relied on.</param>
/// <param name="ProfileSnapshot">The career profile as it stood when the reply was written.</param>
/// <param name="Assessment">The career assessment the reply was built on.</param>
/// <param name="Feedback">The user's rating of the reply.</param>
/// <param name="Review">A coach's review of the reply.</param>
public sealed record ConsoleMessageResponse(
    string TurnId,
    string Role,
    string Text,
    DateTimeOffset At,
    string Status,
    string? ErrorCode,
    string? Intent,
    string? Model,
    long? LatencyMs,
    TokenCountsResponse? Tokens,
    IReadOnlyList<ConsoleCitationResponse> Citations,
    JsonElement? ProfileSnapshot,
    JsonElement? Assessment,
    ConsoleFeedbackResponse? Feedback,
    ReviewResponse? Review);

/// <summary>Model tokens of one reply.</summary>
public sealed record TokenCountsResponse(int? Prompt, int? Completion);

/// <summary>A cited source with the passage's text.</summary>
/// <param name="Id">Stable within the reply: "roleId/region/section", or "approved-answer/{id}".</param>
/// <param name="Section">The section id, or "approved-answer".</param>
/// <param name="Title">The section heading.</param>
/// <param name="Passage">The cited text, resolved from the role content (or the approved answer).</param>
/// <param name="RoleId">The role page.</param>
/// <param name="Region">The page's region.</param>
/// <param name="ContentVersion">The page's version when cited.</param>
public sealed record ConsoleCitationResponse(string Id, string Section, string Title, string? Passage, string RoleId, string Region, string ContentVersion);

/// <summary>The user's rating of a reply.</summary>
public sealed record ConsoleFeedbackResponse(string Rating, string? Comment, DateTimeOffset At);

/// <summary>A coach's review of one reply.</summary>
/// <param name="Rubric">"accurate", "outdated", "off-level", "harmful" or "ungrounded".</param>
/// <param name="Correction">What the reply should have said.</param>
/// <param name="Question">The question the correction answers; defaults to the turn's user message.</param>
/// <param name="RoleId">The role the correction is for; null for every role.</param>
/// <param name="Region">The region the correction is for; null for every region.</param>
public sealed record ReviewRequest(string? Rubric, string? Correction, string? Question, string? RoleId, string? Region);

/// <summary>A stored review.</summary>
/// <param name="TurnId">The reviewed turn.</param>
/// <param name="Rubric">The verdict.</param>
/// <param name="Correction">The correction, if any.</param>
/// <param name="Question">The question it answers.</param>
/// <param name="RoleId">Scope: role, or null for all.</param>
/// <param name="Region">Scope: region, or null for all.</param>
/// <param name="ApprovedAnswerId">The approved answer the correction created; null without one.</param>
/// <param name="ReviewedBy">The coach (staff token subject).</param>
/// <param name="ReviewedAt">When.</param>
public sealed record ReviewResponse(
    string TurnId,
    string Rubric,
    string? Correction,
    string? Question,
    string? RoleId,
    string? Region,
    string? ApprovedAnswerId,
    string ReviewedBy,
    DateTimeOffset ReviewedAt);

/// <summary>A coach-approved answer the coaching engine prefers for a matching question of the tenant's users.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Question">The question it answers.</param>
/// <param name="Answer">The approved text.</param>
/// <param name="RoleId">Scope: role, or null for all.</param>
/// <param name="Region">Scope: region, or null for all.</param>
/// <param name="CreatedBy">The coach.</param>
/// <param name="CreatedAt">When.</param>
public sealed record ApprovedAnswerResponse(string Id, string Question, string Answer, string? RoleId, string? Region, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Flags a conversation, or one turn of it, for follow-up.</summary>
public sealed record FlagRequest(string? Reason, string? TurnId);

/// <summary>Moves a flag along.</summary>
/// <param name="State">"open", "following-up" or "resolved".</param>
/// <param name="Note">Optional; replaces the flag's note.</param>
public sealed record FlagUpdateRequest(string? State, string? Note);

/// <summary>A flag on a conversation.</summary>
public sealed record FlagResponse(
    string Id,
    string UserId,
    string ConversationId,
    string? TurnId,
    string Reason,
    string State,
    string? Note,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A private note to add.</summary>
public sealed record NoteRequest(string? Text);

/// <summary>A private note: visible to the tenant's staff, never to the user.</summary>
public sealed record NoteResponse(string Id, string Text, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Activity per day or week.</summary>
public sealed record AnalyticsResponse(IReadOnlyList<AnalyticsBucketResponse> Series);

/// <summary>One day or week (buckets start on the day, or on the Monday, in UTC).</summary>
/// <param name="Bucket">The bucket's first day, "yyyy-MM-dd".</param>
/// <param name="Conversations">Conversations of consenting users with a message in the bucket.</param>
/// <param name="Turns">User messages in the bucket.</param>
/// <param name="Failed">Replies in the bucket that failed.</param>
/// <param name="FlaggedShare">The share (0 to 1) of those conversations that are flagged.</param>
/// <param name="AverageRating">Up = 1, down = 0, averaged over rated replies; null when none.</param>
/// <param name="Intents">Replies per intent.</param>
public sealed record AnalyticsBucketResponse(
    string Bucket,
    int Conversations,
    int Turns,
    int Failed,
    double FlaggedShare,
    double? AverageRating,
    IReadOnlyDictionary<string, int> Intents);
