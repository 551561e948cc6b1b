using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Prompts;

/// <summary>
/// Runs a chat prompt of the library as Semantic Kernel's prompt function does (the kernel's service selector picks the
/// chat service and settings), except for how the prompt becomes a chat history: Semantic Kernel renders it with every
/// argument HTML-encoded and reads the <c>&lt;message role="…"&gt;</c> blocks back through an XML document, which
/// allocated a quarter of a turn's memory. A template of message blocks around text and variables (every prompt in
/// <c>prompts/</c>) is rendered by <see cref="PlainTemplate"/> straight into the same chat history. Anything else (another
/// kind of template, an argument that is not text or holds characters XML refuses) goes through Semantic Kernel's own
/// function, unchanged. On the direct path Semantic Kernel's own per-function log lines and metrics are not written; no
/// function or prompt filters are registered, so nothing else is skipped.
/// </summary>
public static class ChatPromptRunner
{
    /// <summary>The reply to <paramref name="prompt"/> rendered with <paramref name="arguments"/>, streamed.</summary>
    public static IAsyncEnumerable<StreamingChatMessageContent> StreamAsync(
        Kernel kernel, LoadedPrompt prompt, KernelArguments arguments, CancellationToken cancellationToken) =>
        kernel.ServiceSelector.TrySelectAIService<IChatCompletionService>(kernel, prompt.Function, arguments, out var service, out var settings)
        && prompt.Plain?.TryRenderChat(arguments) is { } history
            ? service.GetStreamingChatMessageContentsAsync(history, settings, kernel, cancellationToken)
            : prompt.Function.InvokeStreamingAsync<StreamingChatMessageContent>(kernel, arguments, cancellationToken);
}
