using System.Runtime.CompilerServices;
using CoachBot.Coaching.Offline;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tests.Support;

/// <summary>
/// The offline model, held after a few chunks until the test opens the gate: makes "mid-turn" a certainty, not a race.
/// </summary>
public sealed class GatedChatModel(OfflineCoachModel inner, int chunksBeforeGate, bool honoursCancellation = true) : IChatCompletionService
{
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyDictionary<string, object?> Attributes => inner.Attributes;

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        inner.GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken);

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var chunk in inner.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken))
        {
            if (count++ == chunksBeforeGate)
            {
                Reached.TrySetResult();
                // A model call that ignores cancellation (a hung connection) waits for the gate whatever happens.
                await (honoursCancellation ? Release.Task.WaitAsync(cancellationToken) : Release.Task);
            }

            yield return chunk;
        }
    }
}
