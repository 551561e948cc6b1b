using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Prompts;

/// <summary>
/// Runs a chat prompt of the library as Semantic Kernel's prompt function does (the kernel's service selector picks the
/// chat service and settings, Semantic Kernel's template engine renders the prompt with the same encoding of the
/// arguments), except for one step: Semantic Kernel reads the rendered <c>&lt;message role="…"&gt;</c> blocks back
/// through an XML document, which allocated a quarter of a turn's memory. A template of message blocks around text and
/// variables (every prompt in <c>prompts/</c>) is rendered by <see cref="PlainTemplate"/> straight into the chat history,
/// without encoding the arguments only to decode them again; any other rendered prompt made only of such blocks around
/// encoded text is read here directly into the same chat history: the same roles, and each message's text trimmed and
/// decoded as Semantic Kernel decodes it. Anything else (other tags, text
/// outside the blocks, characters XML refuses) goes through Semantic Kernel's own function, unchanged. On the direct path
/// Semantic Kernel's own per-function log lines and metrics are not written; no function or prompt filters are registered,
/// so nothing else is skipped.
/// </summary>
public static partial class ChatPromptRunner
{
    /// <summary>The reply to <paramref name="prompt"/> rendered with <paramref name="arguments"/>, streamed.</summary>
    public static async IAsyncEnumerable<StreamingChatMessageContent> StreamAsync(
        Kernel kernel, LoadedPrompt prompt, KernelArguments arguments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!kernel.ServiceSelector.TrySelectAIService<IChatCompletionService>(kernel, prompt.Function, arguments, out var service, out var settings))
        {
            await foreach (var content in prompt.Function.InvokeStreamingAsync<StreamingChatMessageContent>(kernel, arguments, cancellationToken))
            {
                yield return content;
            }

            yield break;
        }

        var history = prompt.Plain?.TryRenderChat(arguments) ?? TryRead(await prompt.Template.RenderAsync(kernel, arguments, cancellationToken));
        var stream = history is not null
            ? service.GetStreamingChatMessageContentsAsync(history, settings, kernel, cancellationToken)
            : prompt.Function.InvokeStreamingAsync<StreamingChatMessageContent>(kernel, arguments, cancellationToken);
        await foreach (var content in stream)
        {
            yield return content;
        }
    }

    /// <summary>
    /// The chat history of a rendered prompt made only of <c>&lt;message role="…"&gt;text&lt;/message&gt;</c> blocks
    /// (whitespace between them), read as Semantic Kernel reads it; null for any other shape.
    /// </summary>
    public static ChatHistory? TryRead(string rendered)
    {
        if (!PlainTemplate.IsXmlText(rendered))
        {
            return null;
        }

        var history = new ChatHistory();
        var position = 0;
        foreach (var match in MessageBlock().EnumerateMatches(rendered))
        {
            if (!rendered.AsSpan(position, match.Index - position).IsWhiteSpace())
            {
                return null;
            }

            var block = rendered.AsSpan(match.Index, match.Length);
            var open = block.IndexOf('>');
            var role = block[OpenTagPrefix.Length..(open - 1)];
            var text = block[(open + 1)..^CloseTag.Length];
            if (text.Contains('<') || role.IsEmpty || !HasOnlyXmlReferences(text))
            {
                return null;
            }

            history.Add(new ChatMessageContent(new AuthorRole(role.ToString()), Decode(text)));
            position = match.Index + match.Length;
        }

        return history.Count > 0 && rendered.AsSpan(position).IsWhiteSpace() ? history : null;
    }

    private const string OpenTagPrefix = "<message role=\"";
    private const string CloseTag = "</message>";

    /// <summary>
    /// Trimmed, then HTML-decoded: what Semantic Kernel's parser makes of a message's text (its XML reader keeps line ends
    /// as they are). A message with no text has null content, as there.
    /// </summary>
    private static string? Decode(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        return trimmed.IsEmpty ? null : HttpUtility.HtmlDecode(trimmed.ToString());
    }

    /// <summary>
    /// Whether every '&amp;' starts a reference XML knows (the five named entities, or a character number of a character XML
    /// allows): the encoder writes nothing else, and anything else (a bare '&amp;', "&amp;nbsp;") fails Semantic Kernel's reader.
    /// </summary>
    private static bool HasOnlyXmlReferences(ReadOnlySpan<char> text)
    {
        var rest = text;
        while (rest.IndexOf('&') is var at and >= 0)
        {
            rest = rest[(at + 1)..];
            var end = rest.IndexOf(';');
            if (end <= 0)
            {
                return false;
            }

            var name = rest[..end];
            var known = name switch
            {
                "amp" or "lt" or "gt" or "quot" or "apos" => true,
                ['#', 'x' or 'X', .. var hex] => int.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code) && IsXmlCharacter(code),
                ['#', .. var digits] => int.TryParse(digits, System.Globalization.NumberStyles.None, null, out var code) && IsXmlCharacter(code),
                _ => false,
            };
            if (!known)
            {
                return false;
            }

            rest = rest[(end + 1)..];
        }

        return true;
    }

    private static bool IsXmlCharacter(int code) =>
        code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    [GeneratedRegex("""<message role="[A-Za-z]+">.*?</message>""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MessageBlock();
}
