using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CoachBot.Coaching.Providers;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Tests.Providers;

public sealed class StreamTimeoutChatCompletionServiceTests
{
    private static readonly LlmProviderOptions Limits = new()
    {
        FirstTokenTimeout = TimeSpan.FromSeconds(10),
        StreamIdleTimeout = TimeSpan.FromSeconds(2),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ScriptedModel _model = new();

    [Fact]
    public async Task The_first_chunk_may_take_the_first_token_limit_and_each_later_wait_only_the_idle_limit()
    {
        var service = new StreamTimeoutChatCompletionService(_model, Limits, _time);
        await using var reply = service.GetStreamingChatMessageContentsAsync(new ChatHistory(), cancellationToken: TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        var next = reply.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(9));
        _model.Send("Slow ");
        Assert.True(await next);
        Assert.Equal("Slow ", reply.Current.Content);

        // Time the caller spends on a chunk is not the model's silence.
        _time.Advance(TimeSpan.FromSeconds(5));
        next = reply.MoveNextAsync().AsTask();
        _model.Send("start, ");
        Assert.True(await next);

        next = reply.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(1.9));
        _model.Send("then ");
        Assert.True(await next);
        Assert.Equal("then ", reply.Current.Content);

        next = reply.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(2));
        var silent = await Assert.ThrowsAsync<TimeoutException>(async () => await next);
        Assert.Equal("The model sent nothing for 2 s while waiting for the next chunk.", silent.Message);
    }

    [Fact]
    public async Task A_model_that_sends_nothing_fails_after_the_first_token_limit_and_the_callers_own_stop_stays_cancellation()
    {
        var service = new StreamTimeoutChatCompletionService(_model, Limits, _time);
        await using (var reply = service.GetStreamingChatMessageContentsAsync(new ChatHistory(), cancellationToken: TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken))
        {
            var next = reply.MoveNextAsync().AsTask();
            _time.Advance(TimeSpan.FromSeconds(9.9));
            Assert.False(_model.Stopped);
            _time.Advance(TimeSpan.FromSeconds(0.1));
            var silent = await Assert.ThrowsAsync<TimeoutException>(async () => await next);
            Assert.Equal("The model sent nothing for 10 s while waiting for the first token.", silent.Message);
        }

        using var stop = new CancellationTokenSource();
        await using var stopped = service.GetStreamingChatMessageContentsAsync(new ChatHistory(), cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);
        var waiting = stopped.MoveNextAsync().AsTask();
        await stop.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.IsNotType<TimeoutException>(cancelled);
    }

    /// <summary>A model whose chunks the test sends one at a time; it notices cancellation while it waits.</summary>
    private sealed class ScriptedModel : IChatCompletionService
    {
        private readonly Channel<string> _chunks = Channel.CreateUnbounded<string>();

        public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

        /// <summary>Whether a stream was cancelled while it waited for the next chunk.</summary>
        public bool Stopped { get; private set; }

        public void Send(string text) => Assert.True(_chunks.Writer.TryWrite(text));

        public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
            ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
            ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            while (true)
            {
                string text;
                try
                {
                    text = await _chunks.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Stopped = true;
                    throw;
                }

                yield return new StreamingChatMessageContent(AuthorRole.Assistant, text);
            }
        }
    }
}
