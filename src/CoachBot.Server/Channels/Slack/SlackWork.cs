using CoachBot.Ids;

namespace CoachBot.Server.Channels.Slack;

/// <summary>Something to do for a Slack request after it was acknowledged.</summary>
/// <param name="Tenant">The tenant the workspace belongs to.</param>
/// <param name="TeamId">The Slack workspace.</param>
/// <param name="Channel">The Slack conversation (channel or DM) to answer in.</param>
/// <param name="UserId">The person who wrote.</param>
internal abstract record SlackWork(TenantId Tenant, string TeamId, string Channel, string UserId);

/// <summary>A message for the coach: a turn whose reply is streamed into the thread.</summary>
/// <param name="Tenant">The tenant the workspace belongs to.</param>
/// <param name="TeamId">The Slack workspace.</param>
/// <param name="Channel">The Slack conversation to answer in.</param>
/// <param name="UserId">The person who wrote.</param>
/// <param name="Text">What the person wrote, as plain text.</param>
/// <param name="ThreadTs">The thread to answer in; null for a slash command, which first posts the question to start one.</param>
/// <param name="EventId">The Events API delivery id; a delivery already taken by any host is dropped.</param>
/// <param name="ResponseUrl">A slash command's response URL, for telling the person when CoachBot cannot post in the conversation.</param>
internal sealed record SlackTurnWork(TenantId Tenant, string TeamId, string Channel, string UserId, string Text, string? ThreadTs, string? EventId, Uri? ResponseUrl = null)
    : SlackWork(Tenant, TeamId, Channel, UserId);

/// <summary>A short message only the person sees.</summary>
/// <param name="Tenant">The tenant the workspace belongs to.</param>
/// <param name="TeamId">The Slack workspace.</param>
/// <param name="Channel">The Slack conversation to answer in.</param>
/// <param name="UserId">The person who wrote.</param>
/// <param name="ThreadTs">The thread it belongs to, if any.</param>
/// <param name="Text">mrkdwn.</param>
internal sealed record SlackNoticeWork(TenantId Tenant, string TeamId, string Channel, string UserId, string? ThreadTs, string Text)
    : SlackWork(Tenant, TeamId, Channel, UserId);
