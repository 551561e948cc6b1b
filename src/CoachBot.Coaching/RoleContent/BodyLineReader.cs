using System.Text;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.RoleContent;

/// <summary>
/// Classifies the lines of one section (docs/role-content-format.md, section 4) and checks the line-level rules:
/// allowed line kinds, blank lines around headings and labels, no wrapping, and no markup beyond the allowed bold names.
/// </summary>
internal static partial class BodyLineReader
{
    /// <summary>The classified non-blank lines of a section and the section's plain text.</summary>
    public sealed record Result(IReadOnlyList<PageLine> Lines, string PlainText);

    /// <param name="raw">The section's lines after its "## " heading, with their 1-based line numbers.</param>
    /// <param name="allowBoldNames">True where bullets may start with a bold name (skills and certifications).</param>
    /// <param name="problems">Where problems go.</param>
    public static Result Read(IReadOnlyList<(int Number, string Text)> raw, bool allowBoldNames, SectionProblems problems)
    {
        var all = new List<PageLine>(raw.Count);
        foreach (var (number, text) in raw)
        {
            if (Classify(number, text, problems) is { } line)
            {
                CheckMarkup(line, allowBoldNames, problems);
                all.Add(line);
            }
        }

        CheckLayout(all, problems);
        return new Result([.. all.Where(l => l.Kind != LineKind.Blank)], PlainText(all));
    }

    private static PageLine? Classify(int number, string text, SectionProblems problems)
    {
        if (text.Length == 0)
        {
            return new PageLine(number, LineKind.Blank, "");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(number, "a blank line must be empty");
            return new PageLine(number, LineKind.Blank, "");
        }

        if (char.IsWhiteSpace(text[0]))
        {
            problems.Add(number, "lines must not be indented: bullets are never nested and lines are never wrapped");
            return null;
        }

        if (char.IsWhiteSpace(text[^1]))
        {
            problems.Add(number, "the line ends with whitespace");
            text = text.TrimEnd();
        }

        if (text.StartsWith("### ", StringComparison.Ordinal))
        {
            return new PageLine(number, LineKind.Subheading, text[4..]);
        }

        if (text.StartsWith("- ", StringComparison.Ordinal))
        {
            return new PageLine(number, LineKind.Bullet, text[2..]);
        }

        if (text.StartsWith("Expectations:", StringComparison.Ordinal))
        {
            var value = text["Expectations:".Length..];
            if (!value.StartsWith(' ') || value.Length < 2)
            {
                problems.Add(number, "'Expectations:' must be followed by a space and its text on the same line");
                return null;
            }

            return new PageLine(number, LineKind.Label, PageLine.Expectations, value[1..]);
        }

        if (text.EndsWith(':') && PageLine.ListLabels.Contains(text[..^1], StringComparer.Ordinal))
        {
            return new PageLine(number, LineKind.Label, text[..^1]);
        }

        if (DisallowedBlock(text) is { } problem)
        {
            problems.Add(number, problem);
            return null;
        }

        return new PageLine(number, LineKind.Paragraph, text);
    }

    private static string? DisallowedBlock(string text) => text switch
    {
        _ when text.StartsWith('#') => "only '## ' and '### ' headings are allowed, and '### ' only in 'Career levels' and 'Interview themes'",
        "-" => "a bullet needs text after '- '",
        _ when text.StartsWith("* ", StringComparison.Ordinal) || text.StartsWith("+ ", StringComparison.Ordinal) || text.StartsWith('-') =>
            "bullets start with '- ' (hyphen, space)",
        _ when NumberedItem().IsMatch(text) => "numbered lists are not used",
        _ when text.StartsWith('|') => "tables are not allowed",
        _ when text.StartsWith("```", StringComparison.Ordinal) || text.StartsWith("~~~", StringComparison.Ordinal) => "code blocks are not allowed",
        _ when text.StartsWith('>') => "block quotes are not allowed",
        _ => null,
    };

    private static void CheckMarkup(PageLine line, bool allowBoldNames, SectionProblems problems)
    {
        var text = line.Kind == LineKind.Label ? line.Value : line.Text;
        if (allowBoldNames && line.Kind == LineKind.Bullet && text.StartsWith("**", StringComparison.Ordinal))
        {
            var close = text.IndexOf("**", 2, StringComparison.Ordinal);
            text = close < 0 ? text : text[(close + 2)..];
        }

        var problem = text switch
        {
            _ when HtmlTag().IsMatch(text) => "HTML is not allowed",
            _ when text.Contains("](", StringComparison.Ordinal) || text.Contains("![", StringComparison.Ordinal) => "links and images are not allowed",
            _ when Url().IsMatch(text) => "URLs are not allowed",
            _ when text.Contains('`', StringComparison.Ordinal) => "code markup is not allowed",
            _ when text.Contains('*', StringComparison.Ordinal) || UnderscoreEmphasis().IsMatch(text) =>
                "emphasis is not allowed; bold marks only the name at the start of a skill or certification bullet",
            _ => null,
        };
        if (problem is not null)
        {
            problems.Add(line.Number, problem);
        }
    }

    private static void CheckLayout(List<PageLine> all, SectionProblems problems)
    {
        for (var i = 0; i < all.Count; i++)
        {
            var line = all[i];
            PageLine? previous = i > 0 ? all[i - 1] : null;
            PageLine? next = i + 1 < all.Count ? all[i + 1] : null;
            var afterBlank = previous is { Kind: LineKind.Blank };
            switch (line.Kind)
            {
                case LineKind.Subheading or LineKind.Label when !afterBlank:
                    problems.Add(line.Number, $"a blank line must come before the {line.Describe()}");
                    break;
                case LineKind.Paragraph when previous is not null && !afterBlank:
                    problems.Add(line.Number, $"the {line.Describe()} continues the line before it: paragraphs and bullets are single lines, separated from other blocks by a blank line");
                    break;
                case LineKind.Bullet when previous is { Kind: LineKind.Paragraph }:
                    problems.Add(line.Number, $"the {line.Describe()} follows a paragraph directly; put a blank line or a label line before the list");
                    break;
            }

            if (line.IsListLabel && next is not { Kind: LineKind.Bullet })
            {
                problems.Add(line.Number, $"'{line.Text}:' must be followed directly by its bullets, with no blank line");
            }
            else if (line.Kind == LineKind.Label && !line.IsListLabel && next is { Kind: not LineKind.Blank })
            {
                problems.Add(line.Number, "'Expectations: <text>' must be a single line followed by a blank line");
            }
        }
    }

    private static string PlainText(List<PageLine> all)
    {
        var text = new StringBuilder();
        var pendingBlank = false;
        foreach (var line in all)
        {
            if (line.Kind == LineKind.Blank)
            {
                pendingBlank = text.Length > 0;
                continue;
            }

            if (pendingBlank)
            {
                text.Append('\n');
                pendingBlank = false;
            }

            var plain = line.Kind == LineKind.Subheading ? line.Text : line.Source.Replace("**", "", StringComparison.Ordinal);
            text.Append(plain).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    [GeneratedRegex(@"^\d+[.)] ")]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"<[A-Za-z/!]")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])_+\S")]
    private static partial Regex UnderscoreEmphasis();
}
