using System.Text;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>
/// Text from people and models put into Markdown as text only: no heading, list, table, link, emphasis, code or raw
/// HTML can come out of it, whatever it holds.
/// </summary>
internal static class MarkdownText
{
    /// <summary>Characters that open inline structure, HTML or an email link anywhere in a line; each gets a backslash.</summary>
    private const string InlineSpecials = "\\`*_[]<>|~&!#@";

    /// <summary>Characters that open block structure at the start of a line (list, break, setext underline, quote).</summary>
    private const string LineStartSpecials = "-+=";

    /// <summary>One line: line breaks become spaces.</summary>
    public static string Inline(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        AppendLine(builder, text.ReplaceLineEndings(" ").Trim());
        return builder.ToString();
    }

    /// <summary>
    /// A block quote of the text, one quoted line per line with hard breaks between them; leading indentation is dropped
    /// so no line becomes a code block.
    /// </summary>
    public static string Quote(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Trim('\n').Split('\n');
        var builder = new StringBuilder(text.Length + lines.Length * 4);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                builder.Append(">\n");
                continue;
            }

            builder.Append("> ");
            AppendLine(builder, line);
            // A backslash at the end of a line is a hard break: the next line stays a line of its own.
            var next = i + 1 < lines.Length && lines[i + 1].Trim().Length > 0;
            builder.Append(next ? "\\\n" : "\n");
        }

        return builder.ToString();
    }

    /// <summary>The ':' of "://" and the '.' of a word-initial "www.": renderers that link bare addresses look for them.</summary>
    private static bool OpensBareLink(string line, int i) =>
        (line[i] == ':' && line.AsSpan(i + 1).StartsWith("//", StringComparison.Ordinal))
        || (line[i] == '.' && i >= 3 && line.AsSpan(i - 3, 3).Equals("www", StringComparison.OrdinalIgnoreCase) && (i == 3 || !char.IsLetterOrDigit(line[i - 4])));

    private static void AppendLine(StringBuilder builder, string line)
    {
        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            // "1. " and "1) " start an ordered list; the digits stay, the mark is escaped.
            var listMark = i == digits && digits > 0 && c is '.' or ')';
            if (char.IsControl(c) && c != '\t')
            {
                continue;
            }

            if (InlineSpecials.Contains(c, StringComparison.Ordinal) || (i == 0 && LineStartSpecials.Contains(c, StringComparison.Ordinal)) || listMark || OpensBareLink(line, i))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }
    }
}
