using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using CoachBot.Conversations;
using CoachBot.Ids;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// Writes a turn's reply into a Slack thread while it is generated, at most one Web API call per
/// <see cref="SlackOptions.UpdateInterval"/>: with Slack's streaming methods (<c>chat.startStream</c> → <c>chat.appendStream</c>
/// with what is new → <c>chat.stopStream</c>) where the workspace has them, else one <c>chat.postMessage</c> followed by
/// <c>chat.update</c> with the whole text so far. Either way the finished message gets its sources and buttons.
/// </summary>
internal sealed partial class SlackReplyWriter(SlackWebApi api, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackReplyWriter> logger)
{
    private static readonly TimeSpan StreamingProbeInterval = TimeSpan.FromHours(1);

    // Workspaces whose streaming methods failed, and when: they get post-and-update until the probe interval passes.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _withoutStreaming = new(StringComparer.Ordinal);

    /// <summary>Streams <paramref name="chunks"/> into the thread; returns how the turn ended (null when the stream broke off).</summary>
    public async Task<TurnEnd?> WriteAsync(SlackThread thread, TurnId turnId, IAsyncEnumerable<ReplyChunk> chunks, CancellationToken cancellationToken)
    {
        var sink = await OpenAsync(thread, cancellationToken);
        var pending = Channel.CreateUnbounded<ReplyChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = WatchAsync(chunks, pending.Writer, stopWatching.Token);

        var text = new StringBuilder();
        TurnEnd? end = null;
        var lastSent = DateTimeOffset.MinValue;
        try
        {
            while (end is null && await pending.Reader.WaitToReadAsync(cancellationToken))
            {
                // Pacing: whatever arrives before the interval is over goes out in the same call.
                var wait = lastSent + options.Value.UpdateInterval - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                var before = text.Length;
                while (pending.Reader.TryRead(out var chunk))
                {
                    text.Append(chunk.Delta);
                    end = chunk.End ?? end;
                }

                if (end is null && text.Length > before)
                {
                    await sink.AppendAsync(text.ToString(), before, cancellationToken);
                    lastSent = time.GetUtcNow();
                }
            }
        }
        catch (Exception ex)
        {
            // The watch broke (the grain's silo went away) or the host is stopping: either way the person is told the reply
            // was cut off below; the turn itself is the grain's and is stored or recovered there.
            if (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogWatchFailed(ex, thread.TeamId, turnId.ToString());
            }
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watching;
        }

        using var finishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken);
        finishing.CancelAfter(options.Value.RequestTimeout);
        await sink.FinishAsync(text.ToString(), turnId, end, finishing.Token);
        return end;
    }

    private static async Task WatchAsync(IAsyncEnumerable<ReplyChunk> chunks, ChannelWriter<ReplyChunk> pending, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken))
            {
                pending.TryWrite(chunk);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            pending.TryComplete(failure);
        }
    }

    private async Task<IReplySink> OpenAsync(SlackThread thread, CancellationToken cancellationToken)
    {
        var mode = options.Value.Streaming;
        if (mode == SlackStreamingMode.Auto && _withoutStreaming.TryGetValue(thread.TeamId, out var failedAt) && time.GetUtcNow() - failedAt < StreamingProbeInterval)
        {
            mode = SlackStreamingMode.Update;
        }

        if (mode != SlackStreamingMode.Update)
        {
            try
            {
                var ts = await api.StartStreamAsync(thread.Token, thread.Channel, thread.ThreadTs, thread.UserId, thread.TeamId, null, cancellationToken);
                _withoutStreaming.TryRemove(thread.TeamId, out _);
                return new StreamSink(api, thread, ts);
            }
            catch (SlackApiException ex) when (mode == SlackStreamingMode.Auto && ex.Error != "ratelimited")
            {
                LogStreamingUnavailable(thread.TeamId, ex.Error);
                _withoutStreaming[thread.TeamId] = time.GetUtcNow();
            }
        }

        var placeholder = await api.PostMessageAsync(thread.Token, thread.Channel, thread.ThreadTs, "_Thinking…_", null, cancellationToken);
        return new UpdateSink(api, thread, placeholder);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack workspace {TeamId} cannot stream ({SlackError}); replies are posted and updated")]
    private partial void LogStreamingUnavailable(string teamId, string slackError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching turn {TurnId} for Slack workspace {TeamId} failed")]
    private partial void LogWatchFailed(Exception exception, string teamId, string turnId);

    private interface IReplySink
    {
        /// <summary>Shows the reply so far; <paramref name="sentLength"/> characters of it are already shown.</summary>
        Task AppendAsync(string text, int sentLength, CancellationToken cancellationToken);

        /// <summary>Shows the whole reply with how it ended, its sources and buttons.</summary>
        Task FinishAsync(string text, TurnId turnId, TurnEnd? end, CancellationToken cancellationToken);
    }

    /// <summary>Slack's streaming methods: only what is new is sent, as markdown.</summary>
    private sealed class StreamSink(SlackWebApi api, SlackThread thread, string ts) : IReplySink
    {
        private int _sent;

        public async Task AppendAsync(string text, int sentLength, CancellationToken cancellationToken)
        {
            foreach (var piece in SlackMrkdwn.Split(text[_sent..], SlackMrkdwn.MarkdownLimit))
            {
                await api.AppendStreamAsync(thread.Token, thread.Channel, ts, piece, cancellationToken);
            }

            _sent = text.Length;
        }

        public async Task FinishAsync(string text, TurnId turnId, TurnEnd? end, CancellationToken cancellationToken)
        {
            var rest = text[_sent..];
            if (SlackMrkdwn.Outcome(end) is { } outcome)
            {
                rest += (text.Length > 0 ? "\n\n" : "") + outcome;
            }

            var pieces = SlackMrkdwn.Split(rest, SlackMrkdwn.MarkdownLimit).ToList();
            foreach (var piece in pieces.Take(pieces.Count - 1))
            {
                await api.AppendStreamAsync(thread.Token, thread.Channel, ts, piece, cancellationToken);
            }

            await api.StopStreamAsync(thread.Token, thread.Channel, ts, pieces.LastOrDefault(), SlackMrkdwn.Footer(turnId, end), cancellationToken);
        }
    }

    /// <summary>One message, updated with the whole reply so far (Slack has no append for ordinary messages).</summary>
    private sealed class UpdateSink(SlackWebApi api, SlackThread thread, string ts) : IReplySink
    {
        public Task AppendAsync(string text, int sentLength, CancellationToken cancellationToken) =>
            api.UpdateAsync(thread.Token, thread.Channel, ts, SlackMrkdwn.Truncate(SlackMrkdwn.FromMarkdown(text), SlackMrkdwn.MessageLimit) + " …", null, cancellationToken);

        public Task FinishAsync(string text, TurnId turnId, TurnEnd? end, CancellationToken cancellationToken)
        {
            var mrkdwn = SlackMrkdwn.FromMarkdown(text);
            if (SlackMrkdwn.Outcome(end) is { } outcome)
            {
                mrkdwn += (mrkdwn.Length > 0 ? "\n\n" : "") + outcome;
            }

            var whole = SlackMrkdwn.Truncate(mrkdwn, SlackMrkdwn.MessageLimit);
            return api.UpdateAsync(thread.Token, thread.Channel, ts, whole, SlackMrkdwn.Message(whole, turnId, end), cancellationToken);
        }
    }
}

/// <summary>Where a reply goes: a thread of a Slack conversation, written with the workspace's bot token, for one person.</summary>
internal sealed record SlackThread(string Token, string TeamId, string Channel, string ThreadTs, string UserId);
