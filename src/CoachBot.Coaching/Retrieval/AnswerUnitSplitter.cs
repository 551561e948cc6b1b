using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// The smallest piece of a section that answers a question on its own, with the sub-heading or list label it sits under.
/// </summary>
/// <param name="Text">The original line or lines of the section, bold markers removed, wording untouched.</param>
/// <param name="Context">The sub-heading or list label ("Certifications", "Short term (next 90 days)") above it, if any.</param>
internal readonly record struct AnswerUnit(string Text, string? Context);

/// <summary>
/// Splits a section into answer units: one per bullet, one per paragraph (a long paragraph is cut at sentence ends, so the
/// degree sentence of an education paragraph is apart from the bootcamp sentence), and under a sub-heading (a career level,
/// an interview level) one per sub-heading block, since a level's expectations and milestones only make sense together.
/// Every unit is a verbatim piece of the section text, so it can be quoted and grounded.
/// </summary>
/// <remarks>
/// Sections come as plain text (sub-headings without "###", one block per line, blocks apart by blank lines) from the
/// role-content library, or as Markdown from simpler sources; both are read. Without "#", a sub-heading is recognised as a
/// short line with no closing punctuation that stands alone before a blank line, which is how the page format writes them.
/// </remarks>
internal static partial class AnswerUnitSplitter
{
    /// <summary>A paragraph up to this many words stays one unit; a longer one is cut at sentence ends.</summary>
    public const int ParagraphWords = 40;

    /// <summary>A sentence shorter than this joins its neighbour rather than stand alone.</summary>
    private const int MinimumSentenceWords = 8;

    private const int MaxHeadingWords = 12;

    public static List<AnswerUnit> Split(string text)
    {
        var lines = text.Split('\n').Select(l => l.Replace("**", "", StringComparison.Ordinal).Trim()).ToArray();
        var units = new List<AnswerUnit>();
        string? label = null;
        string? heading = null;
        var block = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            if (IsHeading(lines, i))
            {
                FlushBlock();
                heading = line.TrimStart('#').Trim();
                block.Add(heading);
                label = null;
                continue;
            }

            if (heading is not null)
            {
                block.Add(line);
                continue;
            }

            if (IsLabel(line))
            {
                label = line[..^1];
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                units.Add(new AnswerUnit(line, label));
            }
            else
            {
                label = null;
                units.AddRange(SplitParagraph(line).Select(s => new AnswerUnit(s, null)));
            }
        }

        FlushBlock();
        return units;

        void FlushBlock()
        {
            if (block.Count > 1)
            {
                units.Add(new AnswerUnit(string.Join('\n', block), heading));
            }

            block.Clear();
        }
    }

    /// <summary>A paragraph as one unit, or as sentence groups when it is long.</summary>
    public static List<string> SplitParagraph(string paragraph)
    {
        if (Words(paragraph) <= ParagraphWords)
        {
            return [paragraph];
        }

        // Sentence spans as (start, end) in the paragraph, so a merged group is still a verbatim slice of it.
        var groups = new List<(int Start, int End)>();
        var start = 0;
        foreach (var end in SentenceEnds(paragraph).Append(paragraph.Length))
        {
            var sentence = paragraph[start..end];
            if (groups.Count > 0 && (Words(paragraph[groups[^1].Start..groups[^1].End]) < MinimumSentenceWords || Words(sentence) < MinimumSentenceWords))
            {
                groups[^1] = (groups[^1].Start, end);
            }
            else
            {
                groups.Add((start, end));
            }

            start = end + 1;
        }

        return [.. groups.Select(g => paragraph[g.Start..g.End].Trim())];
    }

    private static IEnumerable<int> SentenceEnds(string paragraph) =>
        SentenceBoundary().Matches(paragraph).Select(m => m.Index);

    private static bool IsHeading(string[] lines, int i)
    {
        var line = lines[i];
        if (line.StartsWith('#'))
        {
            return true;
        }

        // Plain text keeps no "###": a sub-heading is a short, unpunctuated line followed by a blank line.
        return !line.StartsWith("- ", StringComparison.Ordinal)
            && !line.Contains(": ", StringComparison.Ordinal)
            && line[^1] is not ('.' or ':' or '?' or '!' or ';' or ',')
            && Words(line) <= MaxHeadingWords
            && i + 1 < lines.Length && lines[i + 1].Length == 0
            && lines.Skip(i + 1).Any(l => l.Length > 0);
    }

    private static bool IsLabel(string line) => line.EndsWith(':') && Words(line) <= 8;

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The space after a sentence's closing punctuation, where the next sentence starts with a capital or a digit.</summary>
    [GeneratedRegex(@"(?<=[a-z0-9)][.!?]) (?=[A-Z0-9])")]
    private static partial Regex SentenceBoundary();
}
