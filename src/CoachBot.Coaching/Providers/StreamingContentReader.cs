using CoachBot.Conversations;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using OpenAI.Chat;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Reads what a streamed chunk says beyond its text. The OpenAI connectors put a <see cref="ChatTokenUsage"/> under "Usage" on the
/// chunk that carries it (the last one: CoachBot's requests ask for stream usage) and keep the raw update, which names the exact
/// model version that answered; chat clients put a <see cref="UsageDetails"/> under "Usage".
/// </summary>
public static class StreamingContentReader
{
    public const string UsageKey = "Usage";

    /// <summary>The token usage the chunk carries, or null when it carries none.</summary>
    public static TokenUsage? Usage(StreamingChatMessageContent content)
    {
        if (content.Metadata is null || !content.Metadata.TryGetValue(UsageKey, out var value))
        {
            return null;
        }

        return value switch
        {
            ChatTokenUsage openAI => new TokenUsage(openAI.InputTokenCount, openAI.OutputTokenCount),
            UsageDetails details => new TokenUsage(ToInt(details.InputTokenCount), ToInt(details.OutputTokenCount)),
            TokenUsage usage => usage,
            _ => null,
        };
    }

    /// <summary>The model that wrote the chunk: the version the server reported when known, else the configured model id.</summary>
    public static string? Model(StreamingChatMessageContent content) =>
        content.InnerContent is StreamingChatCompletionUpdate { Model: { Length: > 0 } reported } ? reported : content.ModelId;

    private static int? ToInt(long? count) => count is { } value ? (int)Math.Min(value, int.MaxValue) : null;
}
