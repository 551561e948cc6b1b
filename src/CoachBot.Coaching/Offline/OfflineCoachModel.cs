using System.Runtime.CompilerServices;
using System.Text;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Providers;
using CoachBot.Conversations;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Offline;

/// <summary>
/// The default model: deterministic, offline, no keys. It receives the rendered prompt like any chat model, but composes
/// its reply from the structured turn context the engine passes along with the kernel (<see cref="OfflineCoach"/>), then
/// streams it in word-sized chunks exactly as a remote model streams tokens. The first chunk names the sections its
/// [n] markers refer to, so the engine can check them as the text streams.
/// </summary>
public sealed class OfflineCoachModel(IOptions<CoachingOptions> options, TimeProvider timeProvider) : IChatCompletionService
{
    public const string ModelId = "offline-coach-1";

    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?> { ["ModelId"] = ModelId };

    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        await foreach (var chunk in GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken))
        {
            text.Append(chunk.Content);
        }

        return [new ChatMessageContent(AuthorRole.Assistant, text.ToString(), ModelId)];
    }

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = kernel?.Data.TryGetValue(CoachingKernelData.ContextKey, out var value) == true ? value as CoachingContext : null;
        if (context is null)
        {
            throw new InvalidOperationException("The offline coach composes replies from the turn context, which the coaching engine passes with the kernel.");
        }

        var reply = OfflineCoach.Compose(context);
        var settings = options.Value.Offline;
        var first = true;
        foreach (var chunk in SplitIntoChunks(reply.Text, settings.WordsPerChunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!first && settings.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(settings.ChunkDelay, timeProvider, cancellationToken);
            }

            yield return new StreamingChatMessageContent(AuthorRole.Assistant, chunk, modelId: ModelId, metadata: first ? Sources(reply) : null);
            first = false;
        }

        if (first)
        {
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, null, modelId: ModelId, metadata: Sources(reply));
        }

        // Like a remote model's last chunk: what the turn cost, so token quotas count offline turns too.
        yield return new StreamingChatMessageContent(AuthorRole.Assistant, null, modelId: ModelId, metadata: new Dictionary<string, object?>
        {
            [StreamingContentReader.UsageKey] = new TokenUsage(chatHistory.Sum(message => TokenEstimate.Count(message.Content)), TokenEstimate.Count(reply.Text)),
        });
    }

    private static Dictionary<string, object?> Sources(ComposedReply reply) => new() { [CoachingKernelData.SourcesKey] = reply.Sources };

    /// <summary>Splits text into pieces of a few words each, keeping every character (spaces and line breaks included).</summary>
    internal static IEnumerable<string> SplitIntoChunks(string text, int wordsPerChunk)
    {
        var start = 0;
        var words = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var endsWord = char.IsWhiteSpace(text[i]) && (i + 1 == text.Length || !char.IsWhiteSpace(text[i + 1]));
            if (endsWord && ++words == wordsPerChunk)
            {
                yield return text[start..(i + 1)];
                start = i + 1;
                words = 0;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
