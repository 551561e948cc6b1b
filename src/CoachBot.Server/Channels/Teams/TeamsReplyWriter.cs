using System.Text;
using CoachBot.Conversations;
using CoachBot.Ids;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// Delivers a turn's reply to Teams. In a personal chat it streams: an informative update, cumulative text about once
/// per <see cref="TeamsOptions.StreamInterval"/>, each after the previous one succeeded, then the final message closing
/// the stream. Elsewhere, or when Teams refuses streaming (403), it shows typing and sends one final message.
/// </summary>
internal sealed partial class TeamsReplyWriter(
    BotConnectorClient connector, IChannelConversations conversations, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsReplyWriter> logger)
{
    public async Task WriteAsync(TeamsReplyTarget target, TeamsActivity activity, UserKey user, TurnId turnId, CancellationToken cancellationToken)
    {
        var stream = new StreamState(activity.Conversation?.IsPersonal == true);
        if (stream.Enabled)
        {
            await StreamAsync(target, activity, stream, TeamsMessages.Thinking, "informative", cancellationToken);
        }

        // Outside personal chats Teams shows typing for a few seconds only, so it is sent again until the reply is done.
        using var typing = stream.Enabled ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typingLoop = typing is null ? Task.CompletedTask : KeepTypingAsync(target, activity, typing.Token);
        var reply = new StringBuilder();
        TurnEnd? end = null;
        var lastUpdate = time.GetUtcNow();
        var sentLength = 0;
        try
        {
            await foreach (var chunk in conversations.WatchAsync(user, turnId, cancellationToken))
            {
                reply.Append(chunk.Delta);
                end = chunk.End ?? end;
                var now = time.GetUtcNow();
                if (end is not null)
                {
                    break;
                }

                if (stream.Enabled && reply.Length > sentLength && now - lastUpdate >= options.Value.StreamInterval)
                {
                    sentLength = reply.Length;
                    await StreamAsync(target, activity, stream, reply.ToString(), "streaming", cancellationToken);
                    lastUpdate = time.GetUtcNow();
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException && exception is not BotConnectorException)
        {
            LogWatchFailed(exception, target.Tenant.Value);
            end = null;
        }
        finally
        {
            if (typing is not null)
            {
                await typing.CancelAsync();
                await typingLoop;
            }
        }

        var card = end?.Status == TurnStatus.Completed ? TeamsFeedback.Card(turnId) : null;
        await FinishAsync(target, activity, stream, TeamsMessages.Final(reply.ToString(), end), card, cancellationToken);
    }

    /// <summary>Sends one message (a welcome, a command's answer, a refusal).</summary>
    public Task SendTextAsync(TeamsReplyTarget target, TeamsActivity activity, string text, CancellationToken cancellationToken) =>
        connector.SendAsync(target, Message(activity, text, null), cancellationToken);

    private async Task FinishAsync(TeamsReplyTarget target, TeamsActivity activity, StreamState stream, string text, object? card, CancellationToken cancellationToken)
    {
        IReadOnlyList<object>? attachments = card is null ? null : [card];
        if (stream is { Enabled: true, Id: { } streamId })
        {
            try
            {
                await connector.SendAsync(target, Message(activity, text, [new StreamInfo("final", null, streamId)]) with { Attachments = attachments }, cancellationToken);
                return;
            }
            catch (BotConnectorException refused) when (refused.Status == StatusCodes.Status403Forbidden)
            {
                LogStreamRefused(refused.Code);
            }
        }

        await connector.SendAsync(target, Message(activity, text, null) with { Attachments = attachments }, cancellationToken);
    }

    private async Task StreamAsync(TeamsReplyTarget target, TeamsActivity activity, StreamState stream, string text, string streamType, CancellationToken cancellationToken)
    {
        var info = new StreamInfo(streamType, ++stream.Sequence, stream.Id);
        try
        {
            var id = await connector.SendAsync(target, Activity(activity, "typing", text, [info]), cancellationToken);
            stream.Id ??= id;
            if (stream.Id is null)
            {
                stream.Enabled = false;
            }
        }
        catch (BotConnectorException refused) when (refused.Status == StatusCodes.Status403Forbidden)
        {
            // ContentStreamNotAllowed, also after about two minutes: the rest goes as one message.
            LogStreamRefused(refused.Code);
            stream.Enabled = false;
        }
        catch (BotConnectorException refused) when (refused.Status == StatusCodes.Status429TooManyRequests)
        {
            // Still throttled after the retries: skip this update, the next one carries the whole text anyway.
            stream.Sequence--;
        }
    }

    private async Task KeepTypingAsync(TeamsReplyTarget target, TeamsActivity activity, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.TypingInterval, time);
        try
        {
            do
            {
                await TypingAsync(target, activity, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task TypingAsync(TeamsReplyTarget target, TeamsActivity activity, CancellationToken cancellationToken)
    {
        try
        {
            await connector.SendAsync(target, Activity(activity, "typing", null, null), cancellationToken);
        }
        catch (BotConnectorException refused)
        {
            // Typing is a courtesy; the reply itself still goes out.
            LogTypingRefused(refused.Status);
        }
    }

    private static OutgoingActivity Message(TeamsActivity activity, string text, IReadOnlyList<object>? entities) =>
        Activity(activity, "message", text, entities) with { TextFormat = "markdown" };

    private static OutgoingActivity Activity(TeamsActivity activity, string type, string? text, IReadOnlyList<object>? entities) => new()
    {
        Type = type,
        Text = text,
        From = activity.Recipient,
        Recipient = activity.From,
        Conversation = activity.Conversation,
        ReplyToId = type == "message" ? activity.Id : null,
        Entities = entities,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams refused streaming ({Code}); sending one message")]
    private partial void LogStreamRefused(string code);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Teams refused a typing indicator with {Status}")]
    private partial void LogTypingRefused(int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching a Teams turn of tenant {TenantId} failed")]
    private partial void LogWatchFailed(Exception exception, string tenantId);

    private sealed class StreamState(bool enabled)
    {
        public bool Enabled { get; set; } = enabled;

        public string? Id { get; set; }

        public int Sequence { get; set; }
    }
}
