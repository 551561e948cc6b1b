using System.Collections.Frozen;
using System.Text;

namespace CoachBot.Coaching.RoleContent;

/// <summary>
/// Maps free text such as "Backend Engineers" or "I'm an SRE" to a role id, using each page's role name, role id and aliases.
/// Text is compared by <see cref="Key"/>: case, punctuation, spacing and plural "s" are ignored, so "back-end developer",
/// "Backend Developers" and "backend developer" are the same key; "developer" and "engineer" differ unless an alias says so.
/// </summary>
internal sealed class RoleNameIndex
{
    /// <summary>Keys shorter than this (e.g. "pm") match only the whole text, never a phrase inside a sentence.</summary>
    private const int MinKeyLengthInsideText = 3;

    private readonly FrozenDictionary<string, string?> _roleByKey;
    private readonly int _maxWords;

    private RoleNameIndex(FrozenDictionary<string, string?> roleByKey, int maxWords)
    {
        _roleByKey = roleByKey;
        _maxWords = maxWords;
    }

    /// <summary>
    /// Builds the index. Names and ids win over aliases, and <paramref name="preferred"/> pages (a tenant's own) win over
    /// <paramref name="fallback"/> pages; a key claimed by two roles with the same standing is ambiguous and matches nothing.
    /// </summary>
    public static RoleNameIndex Build(IEnumerable<RolePage> preferred, IEnumerable<RolePage> fallback)
    {
        var best = new Dictionary<string, (int Rank, string? RoleId)>(StringComparer.Ordinal);
        var maxWords = 1;

        void Offer(string phrase, int rank, string roleId)
        {
            var words = Words(phrase);
            var key = string.Concat(words);
            if (key.Length == 0)
            {
                return;
            }

            maxWords = Math.Max(maxWords, words.Count);
            if (!best.TryGetValue(key, out var current) || rank < current.Rank)
            {
                best[key] = (rank, roleId);
            }
            else if (rank == current.Rank && !string.Equals(current.RoleId, roleId, StringComparison.Ordinal))
            {
                best[key] = (rank, null);
            }
        }

        foreach (var (pages, baseRank) in new[] { (preferred, 0), (fallback, 2) })
        {
            foreach (var page in pages)
            {
                Offer(page.Role, baseRank, page.RoleId);
                Offer(page.RoleId, baseRank, page.RoleId);
                foreach (var alias in page.Aliases)
                {
                    Offer(alias, baseRank + 1, page.RoleId);
                }
            }
        }

        // Phrases inside a sentence may be split differently ("back end" for "backend"), so allow a little slack.
        return new RoleNameIndex(best.ToFrozenDictionary(e => e.Key, e => e.Value.RoleId, StringComparer.Ordinal), maxWords + 2);
    }

    /// <summary>The role id for the text: the whole text if it names a role, else the longest role phrase inside it.</summary>
    public string? Resolve(string text)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            return null;
        }

        if (_roleByKey.TryGetValue(string.Concat(words), out var whole))
        {
            return whole;
        }

        string? found = null;
        var foundLength = 0;
        for (var start = 0; start < words.Count; start++)
        {
            var key = new StringBuilder();
            for (var end = start; end < words.Count && end - start < _maxWords; end++)
            {
                key.Append(words[end]);
                if (key.Length >= MinKeyLengthInsideText && key.Length > foundLength
                    && _roleByKey.TryGetValue(key.ToString(), out var roleId) && roleId is not null)
                {
                    (found, foundLength) = (roleId, key.Length);
                }
            }
        }

        return found;
    }

    /// <summary>The comparison key of a phrase: lowercase letters and digits only, each word without a plural "s".</summary>
    public static string Key(string text) => string.Concat(Words(text));

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length > 0)
            {
                words.Add(Singular(word.ToString()));
                word.Clear();
            }
        }

        return words;
    }

    private static string Singular(string word) =>
        word.Length > 2 && word[^1] == 's' && word[^2] != 's' ? word[..^1] : word;
}
