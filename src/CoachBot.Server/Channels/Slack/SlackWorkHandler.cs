using CoachBot.Conversations;
using CoachBot.Tenancy;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Slack;

/// <summary>Does one piece of acknowledged Slack work: a turn streamed into its thread, or a notice.</summary>
internal sealed partial class SlackWorkHandler(
    IChannelConversations conversations,
    IChannelEventLog deliveries,
    ITenantStore tenants,
    SlackWebApi api,
    SlackReplyWriter writer,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackWorkHandler> logger)
{
    private const string Unavailable = ":warning: Sorry, CoachBot is briefly unavailable and could not answer. Please send that again in a minute.";

    public async Task HandleAsync(SlackWork work, CancellationToken cancellationToken)
    {
        if (work is SlackTurnWork { EventId: { } eventId }
            && !await deliveries.TryTakeAsync(TurnChannels.Slack, eventId, time.GetUtcNow(), options.Value.DeliveryMemory, cancellationToken))
        {
            LogRedelivery(work.TeamId, eventId);
            return;
        }

        if (await BotTokenAsync(work, cancellationToken) is not { } token)
        {
            return;
        }

        switch (work)
        {
            case SlackTurnWork turn:
                await RunTurnAsync(turn, token, cancellationToken);
                break;
            case SlackNoticeWork notice:
                await api.PostEphemeralAsync(token, notice.Channel, notice.UserId, notice.ThreadTs, notice.Text, cancellationToken);
                break;
        }
    }

    /// <summary>Work the host stops before starting: the person is asked to send it again.</summary>
    public async Task HandBackAsync(SlackWork work, CancellationToken cancellationToken)
    {
        if (work is SlackTurnWork turn && await BotTokenAsync(work, cancellationToken) is { } token)
        {
            await api.PostEphemeralAsync(token, turn.Channel, turn.UserId, turn.ThreadTs,
                ":warning: CoachBot is restarting and did not get to your message. Please send it again in a minute.", cancellationToken);
        }
    }

    private async Task RunTurnAsync(SlackTurnWork turn, string token, CancellationToken cancellationToken)
    {
        var account = new ChannelAccount(TurnChannels.Slack, turn.TeamId, turn.UserId);
        var threadTs = turn.ThreadTs;
        try
        {
            var user = await conversations.ResolveUserAsync(turn.Tenant, account, cancellationToken);
            // A slash command has no message to answer under: the question is posted to start the thread.
            threadTs ??= await PostQuestionAsync(turn, token, cancellationToken);
            if (threadTs is null)
            {
                return;
            }

            TurnStarted started;
            try
            {
                started = await conversations.StartTurnAsync(user, account, turn.Text, new ChannelAddress(TurnChannels.Slack, turn.TeamId, turn.Channel, threadTs), cancellationToken);
            }
            catch (CoachBotException refused)
            {
                await api.PostMessageAsync(token, turn.Channel, threadTs, Refusal(refused), null, cancellationToken);
                return;
            }

            var thread = new SlackThread(token, turn.TeamId, turn.Channel, threadTs, turn.UserId);
            var end = await writer.WriteAsync(thread, started.TurnId, conversations.WatchAsync(user, started.TurnId, cancellationToken), cancellationToken);
            LogReplied(turn.TeamId, started.TurnId, end?.Status);
        }
        catch (SlackApiException ex)
        {
            // Slack itself refused (not in the channel, token revoked): there is no way left to tell the person.
            LogSlackRefused(turn.TeamId, ex.Method, ex.Error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && threadTs is not null)
        {
            LogTurnFailed(ex, turn.TeamId);
            await api.PostMessageAsync(token, turn.Channel, threadTs, Unavailable, null, CancellationToken.None);
        }
    }

    /// <summary>The question of a slash command, posted to start its thread; null when CoachBot may not post there (the person is told).</summary>
    private async Task<string?> PostQuestionAsync(SlackTurnWork turn, string token, CancellationToken cancellationToken)
    {
        try
        {
            return await api.PostMessageAsync(token, turn.Channel, null, $"<@{turn.UserId}> asked: {SlackMrkdwn.Escape(turn.Text)}", null, cancellationToken);
        }
        catch (SlackApiException ex) when (turn.ResponseUrl is { } responseUrl && ex.Error is "not_in_channel" or "channel_not_found" or "is_archived" or "restricted_action")
        {
            LogSlackRefused(turn.TeamId, ex.Method, ex.Error);
            await api.RespondAsync(responseUrl,
                "I can't post in this conversation. Invite me with `/invite @CoachBot`, or ask me in a direct message.", cancellationToken);
            return null;
        }
    }

    private async Task<string?> BotTokenAsync(SlackWork work, CancellationToken cancellationToken)
    {
        try
        {
            if (await tenants.GetSecretAsync(work.Tenant, TenantSecretKind.SlackBotToken, cancellationToken) is { } token)
            {
                return token;
            }

            LogNoBotToken(work.Tenant.Value, work.TeamId);
        }
        catch (TenantSecretUnavailableException)
        {
            // Logged by the store, naming the tenant and the kind of secret.
        }

        return null;
    }

    private static string Refusal(CoachBotException refused) => refused.Code switch
    {
        ErrorCodes.TurnInProgress => ":hourglass: I'm still answering your previous message. Send this again when that reply is finished.",
        ErrorCodes.MessageEmpty => "Ask me anything about your career: what to learn next, how to get promoted, how to prepare for an interview.",
        ErrorCodes.RateLimited or ErrorCodes.QuotaExceeded => $":hourglass: {SlackMrkdwn.Escape(refused.Message)}",
        _ => $":warning: {SlackMrkdwn.Escape(refused.Message)}",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack delivery {EventId} of workspace {TeamId} was taken before; not answered again")]
    private partial void LogRedelivery(string teamId, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} has no Slack bot token; a message from workspace {TeamId} is not answered")]
    private partial void LogNoBotToken(string tenantId, string teamId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Replied in Slack workspace {TeamId} to turn {TurnId}: {Status}")]
    private partial void LogReplied(string teamId, Ids.TurnId turnId, TurnStatus? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused {Method} for workspace {TeamId}: {SlackError}")]
    private partial void LogSlackRefused(string teamId, string method, string slackError);

    [LoggerMessage(Level = LogLevel.Error, Message = "A Slack turn of workspace {TeamId} failed")]
    private partial void LogTurnFailed(Exception exception, string teamId);
}
