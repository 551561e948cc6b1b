using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Canonical names and the ways people write them, found in text on word boundaries ("C#" and "Node.js" included).
/// The longest alias wins, so "React Native" is not read as "React". Aliases are case-insensitive and tolerate spaces,
/// hyphens and colons between words; an alias starting with <c>re:</c> is a regular expression (for case-sensitive
/// names such as "Go").
/// </summary>
internal sealed class Lexicon
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly string[] _canonical;
    private readonly string[] _groups;
    private readonly Regex _search;
    private readonly Regex _whole;

    public Lexicon(IReadOnlyList<LexiconEntry> entries)
    {
        _canonical = [.. entries.Select(e => e.Canonical)];
        var alternatives = entries
            .SelectMany((entry, index) => (entry.CanonicalIsAlias ? entry.Aliases.Prepend(entry.Canonical) : entry.Aliases)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(alias => (Pattern: Pattern(alias), Length: SortLength(alias), Index: index)))
            .OrderByDescending(a => a.Length)
            .ThenBy(a => a.Index)
            .Select(a => $"(?<e{a.Index}>{a.Pattern})");
        var body = string.Join('|', alternatives);
        _search = new Regex($@"(?<![\w#+.])(?:{body})(?![\w#+])", Options, Timeout);
        _whole = new Regex($@"^\s*(?:{body})\s*$", Options, Timeout);
        _groups = [.. entries.Select((_, index) => $"e{index}")];
    }

    /// <summary>Every name found in <paramref name="text"/> between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public IEnumerable<LexiconMatch> Matches(string text, int start, int end)
    {
        for (var match = _search.Match(text, start, end - start); match.Success; match = match.NextMatch())
        {
            yield return new LexiconMatch(match.Index, match.Length, Canonical(match));
        }
    }

    /// <summary>The name that starts exactly at <paramref name="index"/>, if any.</summary>
    public LexiconMatch? MatchAt(string text, int index, int end)
    {
        var match = _search.Match(text, index, end - index);
        return match.Success && match.Index == index ? new LexiconMatch(match.Index, match.Length, Canonical(match)) : null;
    }

    /// <summary>The canonical name when the whole phrase is one of the names.</summary>
    public bool TryGetCanonical(string phrase, out string canonical)
    {
        var match = _whole.Match(phrase);
        canonical = match.Success ? Canonical(match) : "";
        return match.Success;
    }

    private string Canonical(Match match)
    {
        for (var i = 0; i < _groups.Length; i++)
        {
            if (match.Groups[_groups[i]].Success)
            {
                return _canonical[i];
            }
        }

        throw new InvalidOperationException("A lexicon match without an entry.");
    }

    // Regular-expression aliases stand for short, case-sensitive names; they go after every longer literal alias.
    private static int SortLength(string alias) => alias.StartsWith("re:", StringComparison.Ordinal) ? 1 : alias.Length;

    private static string Pattern(string alias)
    {
        if (alias.StartsWith("re:", StringComparison.Ordinal))
        {
            return alias[3..];
        }

        var words = alias.Split([' ', '-', '\u2013', '\u2014', ':'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join(@"[\s\-:]*", words.Select(Regex.Escape));
    }
}

/// <summary>A canonical name and its other spellings; the canonical name is itself a spelling unless it only labels them.</summary>
internal sealed record LexiconEntry(string Canonical, IReadOnlyList<string> Aliases, bool CanonicalIsAlias = true)
{
    public static LexiconEntry Of(string canonical, params string[] aliases) => new(canonical, aliases);

    /// <summary>An entry whose canonical name is a label only, e.g. the country of a list of cities.</summary>
    public static LexiconEntry LabelOf(string label, params string[] aliases) => new(label, aliases, CanonicalIsAlias: false);
}

/// <summary>Where a lexicon name was found and which canonical name it stands for.</summary>
internal readonly record struct LexiconMatch(int Index, int Length, string Canonical)
{
    public int End => Index + Length;
}
