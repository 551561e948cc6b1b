using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Prompts;

/// <summary>
/// A Semantic Kernel template made of text and <c>{{$variable}}</c> blocks alone (every prompt in <c>prompts/</c>),
/// rendered by putting the arguments in place. Semantic Kernel renders a chat prompt by HTML-encoding every argument into
/// the text and then reads the <c>&lt;message role="…"&gt;</c> blocks back, decoding it again; here the message blocks are
/// found once, in the template, and each argument goes into its message as it is. The result is the same chat history:
/// <see cref="TryRenderChat"/> trims each message as Semantic Kernel does, and gives up, for Semantic Kernel to render,
/// on arguments it would treat differently (not text, or characters XML refuses).
/// </summary>
public sealed partial class PlainTemplate
{
    private const char VariableMark = '\uE000';
    private const string OpenTagPrefix = "<message role=\"";
    private const string CloseTag = "</message>";

    private readonly Part[] _parts;
    private readonly Message[]? _messages;

    private PlainTemplate(Part[] parts, Message[]? messages)
    {
        _parts = parts;
        _messages = messages;
    }

    /// <summary>The template, or null when it has anything besides text and variables (a function call, a literal block).</summary>
    public static PlainTemplate? TryParse(string template)
    {
        var parts = new List<Part>();
        var position = 0;
        foreach (Match variable in VariableBlock().Matches(template))
        {
            if (!TryAddText(parts, template[position..variable.Index]))
            {
                return null;
            }

            parts.Add(new Part(null, variable.Groups["name"].Value));
            position = variable.Index + variable.Length;
        }

        return TryAddText(parts, template[position..]) ? new PlainTemplate([.. parts], ReadMessages(parts)) : null;
    }

    /// <summary>A <c>{{$name}}</c> block: the only kind of block a plain template has (the library checks its names too).</summary>
    [GeneratedRegex(@"\{\{\s*\$(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    internal static partial Regex VariableBlock();

    /// <summary>Adds text between variables; false when it holds any other block, or a brace pair Semantic Kernel would read.</summary>
    private static bool TryAddText(List<Part> parts, string text)
    {
        if (text.Contains("{{", StringComparison.Ordinal) || text.Contains("}}", StringComparison.Ordinal) || text.Contains(VariableMark))
        {
            return false;
        }

        if (text.Length > 0)
        {
            parts.Add(new Part(text, null));
        }

        return true;
    }

    /// <summary>The template with each argument in place as it is (the text Semantic Kernel would render, without encoding).</summary>
    public string? TryRender(KernelArguments arguments)
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Variable is null)
            {
                text.Append(part.Text);
            }
            else if (Argument(arguments, part.Variable) is { } value)
            {
                text.Append(value);
            }
            else
            {
                return null;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The chat history Semantic Kernel's prompt function would send, or null when the template is not message blocks
    /// alone or an argument needs Semantic Kernel's own rendering.
    /// </summary>
    public ChatHistory? TryRenderChat(KernelArguments arguments)
    {
        if (_messages is null)
        {
            return null;
        }

        var history = new ChatHistory();
        var text = new StringBuilder();
        foreach (var message in _messages)
        {
            text.Clear();
            foreach (var part in message.Parts)
            {
                if (part.Variable is null)
                {
                    text.Append(part.Text);
                }
                else if (Argument(arguments, part.Variable) is { } value && IsXmlText(value))
                {
                    text.Append(value);
                }
                else
                {
                    return null;
                }
            }

            history.Add(new ChatMessageContent(message.Role, Trimmed(text)));
        }

        return history;
    }

    /// <summary>
    /// An argument as Semantic Kernel renders it: text as it is, a missing one as nothing; null (for Semantic Kernel to
    /// convert) when it is anything else.
    /// </summary>
    private static string? Argument(KernelArguments arguments, string name) =>
        !arguments.TryGetValue(name, out var value) || value is null ? "" : value as string;

    /// <summary>
    /// The message blocks of the template with the variables inside them, or null unless the template is such blocks with
    /// only whitespace between them, around text with no markup or character references of its own.
    /// </summary>
    private static Message[]? ReadMessages(List<Part> parts)
    {
        // The template with each variable as one private-use character: the blocks are found in that text, then split back.
        var marked = new StringBuilder();
        var variables = new List<string>();
        foreach (var part in parts)
        {
            if (part.Variable is null)
            {
                marked.Append(part.Text);
            }
            else
            {
                marked.Append(VariableMark);
                variables.Add(part.Variable);
            }
        }

        var text = marked.ToString();
        var messages = new List<Message>();
        var position = 0;
        var variable = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf(OpenTagPrefix, position, StringComparison.Ordinal);
            if (!text.AsSpan(position, (open < 0 ? text.Length : open) - position).IsWhiteSpace())
            {
                return null;
            }

            if (open < 0)
            {
                break;
            }

            var roleEnd = text.IndexOf("\">", open + OpenTagPrefix.Length, StringComparison.Ordinal);
            var close = roleEnd < 0 ? -1 : text.IndexOf(CloseTag, roleEnd, StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            var role = text[(open + OpenTagPrefix.Length)..roleEnd];
            var body = text.AsSpan(roleEnd + 2, close - roleEnd - 2);
            if (role.Length == 0 || !role.All(char.IsAsciiLetter) || body.IndexOfAny('<', '&') >= 0 || !IsXmlText(body.ToString()))
            {
                return null;
            }

            var messageParts = new List<Part>();
            var start = 0;
            for (var i = 0; i <= body.Length; i++)
            {
                if (i < body.Length && body[i] != VariableMark)
                {
                    continue;
                }

                if (i > start)
                {
                    messageParts.Add(new Part(body[start..i].ToString(), null));
                }

                if (i < body.Length)
                {
                    messageParts.Add(new Part(null, variables[variable++]));
                }

                start = i + 1;
            }

            messages.Add(new Message(new AuthorRole(role), [.. messageParts]));
            position = close + CloseTag.Length;
        }

        return messages.Count > 0 && variable == variables.Count ? [.. messages] : null;
    }

    /// <summary>The message's text trimmed, as Semantic Kernel trims it; a message with no text has null content, as there.</summary>
    private static string? Trimmed(StringBuilder text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return start == end ? null : text.ToString(start, end - start);
    }

    /// <summary>Whether every character may appear in an XML document; one that may not makes Semantic Kernel's reader give up.</summary>
    private static bool IsXmlText(string text)
    {
        try
        {
            XmlConvert.VerifyXmlChars(text);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private sealed record Part(string? Text, string? Variable);

    private sealed record Message(AuthorRole Role, Part[] Parts);
}
