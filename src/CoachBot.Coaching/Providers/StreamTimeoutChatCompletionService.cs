using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Bounds how long a streamed reply may stay silent: the first chunk must arrive within
/// <see cref="LlmProviderOptions.FirstTokenTimeout"/> (by default: the HTTP stage's <see cref="LlmProviderOptions.RequestTimeout"/>
/// plus one <see cref="LlmProviderOptions.StreamIdleTimeout"/>, so it never races the retries), each later chunk within
/// <see cref="LlmProviderOptions.StreamIdleTimeout"/> of the one before. A model that falls silent fails with
/// <see cref="TimeoutException"/> instead of holding the turn open; the caller's own cancellation still surfaces as cancellation.
/// </summary>
internal sealed class StreamTimeoutChatCompletionService(
    IChatCompletionService inner,
    LlmProviderOptions options,
    TimeProvider timeProvider) : IChatCompletionService
{
    public IReadOnlyDictionary<string, object?> Attributes => inner.Attributes;

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        inner.GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken);

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var silence = new SilenceWatch(options.FirstTokenTimeout ?? options.RequestTimeout + options.StreamIdleTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var stream = inner.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, linked.Token);
        await using var enumerator = stream.GetAsyncEnumerator(linked.Token);
        var waitingFor = "the first token";
        while (true)
        {
            silence.Waiting();
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (silence.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    string.Create(CultureInfo.InvariantCulture, $"The model sent nothing for {silence.Limit.TotalSeconds:0.###} s while waiting for {waitingFor}."), ex);
            }

            if (silence.Received(options.StreamIdleTimeout))
            {
                waitingFor = "the next chunk";
            }

            yield return enumerator.Current;
        }
    }

    /// <summary>
    /// Cancels when one wait for the model lasts longer than the limit. A chunk only moves a deadline; the one timer checks
    /// it when it fires and sets itself again for what is left, so a chunk costs no timer change. Time the caller spends
    /// on a chunk between two waits does not count.
    /// </summary>
    private sealed class SilenceWatch : IDisposable
    {
        private const long NotWaiting = long.MaxValue;

        private readonly CancellationTokenSource _silence = new();
        private readonly TimeProvider _time;
        private readonly ITimer _timer;
        private long _deadline = NotWaiting;
        private long _limitTicks;
        private bool _firstReceived;

        public SilenceWatch(TimeSpan firstLimit, TimeProvider time)
        {
            (_time, Limit) = (time, firstLimit);
            _limitTicks = TimestampTicks(firstLimit);
            _timer = time.CreateTimer(static state => ((SilenceWatch)state!).Check(), this, firstLimit, Timeout.InfiniteTimeSpan);
        }

        /// <summary>The limit of the current wait: the first token's until it came, then the one between chunks.</summary>
        public TimeSpan Limit { get; private set; }

        public CancellationToken Token => _silence.Token;

        public bool IsCancellationRequested => _silence.IsCancellationRequested;

        /// <summary>A wait for the model begins now.</summary>
        public void Waiting() => Volatile.Write(ref _deadline, _time.GetTimestamp() + Volatile.Read(ref _limitTicks));

        /// <summary>A chunk came; the first one switches to <paramref name="idleLimit"/> and says so.</summary>
        public bool Received(TimeSpan idleLimit)
        {
            Volatile.Write(ref _deadline, NotWaiting);
            if (_firstReceived)
            {
                return false;
            }

            _firstReceived = true;
            Limit = idleLimit;
            Volatile.Write(ref _limitTicks, TimestampTicks(idleLimit));
            _timer.Change(idleLimit, Timeout.InfiniteTimeSpan);
            return true;
        }

        public void Dispose()
        {
            _timer.Dispose();
            _silence.Dispose();
        }

        private void Check()
        {
            var deadline = Volatile.Read(ref _deadline);
            var now = _time.GetTimestamp();
            if (deadline != NotWaiting && now >= deadline)
            {
                try
                {
                    _silence.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The stream ended as the timer fired.
                }

                return;
            }

            var due = deadline == NotWaiting ? Volatile.Read(ref _limitTicks) : deadline - now;
            try
            {
                _timer.Change(TimeSpan.FromSeconds((double)due / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The stream ended as the timer fired.
            }
        }

        private long TimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
    }
}
