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
        using var silence = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var stream = inner.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, linked.Token);
        await using var enumerator = stream.GetAsyncEnumerator(linked.Token);
        var limit = options.FirstTokenTimeout ?? options.RequestTimeout + options.StreamIdleTimeout;
        var waitingFor = "the first token";
        while (true)
        {
            silence.CancelAfter(limit);
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
                    string.Create(CultureInfo.InvariantCulture, $"The model sent nothing for {limit.TotalSeconds:0.###} s while waiting for {waitingFor}."), ex);
            }

            silence.CancelAfter(Timeout.InfiniteTimeSpan);
            limit = options.StreamIdleTimeout;
            waitingFor = "the next chunk";
            yield return enumerator.Current;
        }
    }
}
