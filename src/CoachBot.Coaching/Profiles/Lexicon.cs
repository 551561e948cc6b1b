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
    private readonly Dictionary<string, (string Word, bool Alone, string[] Next)[]> _firstWords;
    private readonly Regex? _patternAliases;

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

        // For MayMention: the first word of every literal alias (and whether some alias is that word alone or every one
        // goes on with more words), by its first two letters (or its only one), and the regular-expression aliases on their own.
        var aliases = entries.SelectMany(e => e.CanonicalIsAlias ? e.Aliases.Prepend(e.Canonical) : e.Aliases).ToList();
        _firstWords = aliases.Where(a => !a.StartsWith("re:", StringComparison.Ordinal))
            .Select(a => Words(a))
            .GroupBy(words => words[0].ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Word: g.Key, Alone: g.Any(words => words.Length == 1), Next: g.Where(words => words.Length > 1).Select(words => words[1]).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()))
            .GroupBy(w => w.Word[..Math.Min(2, w.Word.Length)], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var patterns = aliases.Where(a => a.StartsWith("re:", StringComparison.Ordinal)).Select(a => $"(?:{a[3..]})").ToList();
        _patternAliases = patterns.Count == 0 ? null : new Regex($@"(?<![\w#+.])(?:{string.Join('|', patterns)})(?![\w#+])", Options, Timeout);
    }

    /// <summary>
    /// False when no name of the lexicon can be in <paramref name="text"/>: no place where a name may start (after a
    /// character that is not a letter, digit, '#', '+' or '.') begins with the first word of any name, and no
    /// pattern-written name matches. True means <see cref="Matches"/> may find one. A few lookups instead of the full search.
    /// </summary>
    public bool MayMention(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '#' or '+' or '.'))
            {
                continue;
            }

            if (StartsName(text, i, 2) || StartsName(text, i, 1))
            {
                return true;
            }
        }

        return _patternAliases?.IsMatch(text) == true;
    }

    private bool StartsName(string text, int index, int keyLength)
    {
        if (index + keyLength > text.Length
            || !_firstWords.TryGetValue(text.Substring(index, keyLength).ToLowerInvariant(), out var words))
        {
            return false;
        }

        foreach (var (word, alone, next) in words)
        {
            var end = index + word.Length;
            if (string.Compare(text, index, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0)
            {
                continue;
            }

            // A name of one word must end where the search lets it end (not inside "role" for "R"); a longer one goes on
            // with its second word after any spaces, hyphens or colons (none at all included, as the search allows).
            if (alone && (end >= text.Length || !(char.IsLetterOrDigit(text[end]) || text[end] is '_' or '#' or '+')))
            {
                return true;
            }

            var second = end;
            while (second < text.Length && (char.IsWhiteSpace(text[second]) || text[second] is '-' or ':'))
            {
                second++;
            }

            foreach (var following in next)
            {
                if (string.Compare(text, second, following, 0, following.Length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    return true;
                }
            }
        }

        return false;
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

        return string.Join(@"[\s\-:]*", Words(alias).Select(Regex.Escape));
    }

    private static string[] Words(string alias) => alias.Split([' ', '-', '\u2013', '\u2014', ':'], StringSplitOptions.RemoveEmptyEntries);
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
