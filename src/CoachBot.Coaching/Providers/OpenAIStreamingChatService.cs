using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Streams chat completions from an OpenAI or OpenAI-compatible endpoint by speaking the chat completions protocol itself:
/// the request body is written straight from the chat history and settings, and each server-sent event is read straight
/// into the text, the reported model and the usage. Semantic Kernel's connector turns every event into the OpenAI SDK's
/// update objects and then into its own content (about 2.6 KB of allocations per token); a turn streams hundreds of them.
/// Everything else goes to <paramref name="connector"/>, unchanged: replies that are not streamed, and any request this
/// class does not write (settings beyond <see cref="OpenAIChatRequest"/>'s, messages with more than text).
/// The HTTP stage is the same named client as the connector's (retries, timeouts, logging); a refused request throws
/// <see cref="HttpOperationException"/> with the status, as the connector does, so failures are classified alike.
/// </summary>
/// <param name="connector">Semantic Kernel's connector for the same endpoint and model.</param>
/// <param name="httpClient">The resilient named client.</param>
/// <param name="endpoint">The API root, such as <c>https://host/v1</c>; requests go to its <c>chat/completions</c>.</param>
/// <param name="modelId">The model asked for.</param>
/// <param name="apiKey">The bearer key, or null for a server that needs none.</param>
internal sealed class OpenAIStreamingChatService(IChatCompletionService connector, HttpClient httpClient, Uri endpoint, string modelId, string? apiKey)
    : IChatCompletionService
{
    /// <summary>The most of a refusal's body kept for the exception (providers explain themselves in a few hundred bytes).</summary>
    internal const int MaxErrorBodyBytes = 16 * 1024;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    private readonly Uri _chatCompletions = new(endpoint.AbsoluteUri.TrimEnd('/') + "/chat/completions");
    private readonly AuthenticationHeaderValue? _authorization = string.IsNullOrWhiteSpace(apiKey) ? null : new AuthenticationHeaderValue("Bearer", apiKey);

    public IReadOnlyDictionary<string, object?> Attributes => connector.Attributes;

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        connector.GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken);

    public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        OpenAIChatRequest.TryWrite(chatHistory, executionSettings, modelId) is { } body
            ? StreamAsync(body, cancellationToken)
            : connector.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken);

    private async IAsyncEnumerable<StreamingChatMessageContent> StreamAsync(byte[] body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _chatCompletions)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } },
        };
        request.Headers.Accept.Add(EventStream);
        request.Headers.Authorization = _authorization;

        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var content = await ReadErrorBodyAsync(response.Content, cancellationToken);
            throw new HttpOperationException(
                response.StatusCode,
                content,
                $"The model endpoint refused the request: {(int)response.StatusCode} ({response.ReasonPhrase}).",
                innerException: null);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var events = SseParser.Create(stream, static (_, data) => OpenAIChatChunk.Parse(data));
        await foreach (var item in events.EnumerateAsync(cancellationToken))
        {
            var chunk = item.Data;
            if (chunk.IsDone)
            {
                yield break;
            }

            yield return new StreamingChatMessageContent(
                AuthorRole.Assistant,
                chunk.Content,
                choiceIndex: 0,
                modelId: chunk.Model ?? modelId,
                metadata: chunk.Usage is { } usage ? new Dictionary<string, object?> { [StreamingContentReader.UsageKey] = usage } : null);
        }
    }

    private static async Task<string> ReadErrorBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
