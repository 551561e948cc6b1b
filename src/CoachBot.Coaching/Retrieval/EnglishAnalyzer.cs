using System.Collections.Frozen;
using System.Text;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// The lexical side's text analysis: lowercase, split on anything that is not a letter or digit, drop stop
/// words and single letters, then a light suffix stemmer (plurals, "-ing", "-ed", final "e"). The same steps run
/// on documents and queries; queries are also expanded with career-talk synonyms.
/// </summary>
internal static class EnglishAnalyzer
{
    /// <summary>Weight of a term added by synonym expansion; words the user typed weigh 1.</summary>
    public const double SynonymWeight = 0.7;

    private static readonly FrozenSet<string> StopWords = FrozenSet.Create(StringComparer.Ordinal,
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "don", "down", "during", "each", "few", "for", "from", "further", "get", "gets", "getting", "got",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "if", "in",
        "into", "is", "it", "its", "itself", "just", "let", "lot", "lots", "me", "more", "most", "much", "many", "my",
        "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
        "out", "over", "own", "really", "same", "she", "should", "so", "some", "someone", "something", "such", "than",
        "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "thing", "things", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
    ]);

    /// <summary>Groups of words and phrases that mean the same in career conversations.</summary>
    private static readonly string[][] SynonymGroups =
    [
        ["pay", "paid", "salary", "compensation", "earn", "money", "wage", "income"],
        ["cv", "resume", "résumé", "curriculum vitae"],
        ["certificate", "certification", "cert", "credential"],
        ["promotion", "promote", "next level", "senior"],
        ["ats", "applicant tracking", "screening software"],
        ["mistake", "pitfall", "trap"],
        ["junior", "entry level", "beginner"],
        ["job", "role", "position"],
        ["remote", "work from home", "wfh"],
        ["degree", "diploma"],
        ["skill", "competency"],
    ];

    /// <summary>
    /// Short forms people type for roles and career terms, with what the pages write instead. Pages spell words out
    /// ("product manager", "site reliability"), so an abbreviation alone matches nothing, or worse, matches the one line
    /// that happens to use it. Queries get the spelled-out words as synonyms, and <see cref="Words"/> spells them out too.
    /// </summary>
    private static readonly (string Short, string Long)[] Abbreviations =
    [
        ("pm", "product manager"),
        ("pms", "product managers"),
        ("apm", "associate product manager"),
        ("apms", "associate product managers"),
        ("em", "engineering manager"),
        ("ems", "engineering managers"),
        ("qa", "quality assurance testing"),
        ("sre", "site reliability engineer"),
        ("sres", "site reliability engineers"),
        ("sdet", "software development engineer in test"),
        ("swe", "software engineer"),
        ("de", "data engineer"),
        ("fe", "frontend"),
        ("cv", "resume"),
        ("cs", "computer science"),
        ("wfh", "remote work from home"),
        ("yrs", "years"),
        ("yoe", "years of experience"),
        ("exp", "experience"),
        ("comp", "compensation"),
        ("jd", "job description"),
        ("ic", "individual contributor"),
    ];

    private static readonly FrozenDictionary<string, string> Expansions =
        Abbreviations.ToFrozenDictionary(a => a.Short, a => a.Long, StringComparer.Ordinal);

    /// <summary>Analyzed phrase (terms joined by a space) to the analyzed terms of its synonyms.</summary>
    private static readonly FrozenDictionary<string, string[]> Synonyms = BuildSynonyms();

    private static readonly int LongestPhrase = Synonyms.Keys.Max(k => k.Count(c => c == ' ') + 1);

    /// <summary>The terms of a text, in order, repeats kept.</summary>
    public static List<string> Analyze(string text)
    {
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            AddTerm(word, terms);
        }

        AddTerm(word, terms);
        return terms;
    }

    /// <summary>
    /// The words of a text, lowercased and stemmed like <see cref="Analyze"/> but with stop words kept ("where", "how
    /// much" are cues) and abbreviations spelled out, for matching cue phrases and level words.
    /// </summary>
    public static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
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
                var raw = word.ToString();
                word.Clear();
                words.Add(Stem(raw));
                if (Expansions.TryGetValue(raw, out var expansion))
                {
                    words.UnionWith(Words(expansion));
                }
            }
        }

        return words;
    }

    /// <summary>
    /// The terms that name a role (from its id, and the abbreviations that stand for it, such as "pm"). On the role's own
    /// page they say nothing about which line answers, since the whole page is about that role.
    /// </summary>
    public static HashSet<string> RoleTerms(string roleId)
    {
        var terms = Analyze(roleId.Replace('-', ' ')).ToHashSet(StringComparer.Ordinal);
        foreach (var (abbreviation, expansion) in Abbreviations)
        {
            if (Analyze(expansion).All(terms.Contains))
            {
                terms.Add(abbreviation);
            }
        }

        return terms;
    }

    /// <summary>The terms of a query with their weights: typed terms weigh 1, synonyms <see cref="SynonymWeight"/>.</summary>
    public static Dictionary<string, double> AnalyzeQuery(string text) => AnalyzeQuery(text, null);

    /// <summary>
    /// The terms of a query with their weights, leaving out the given terms (typed or added as synonyms), and phrases made
    /// only of them, which then add no synonyms either.
    /// </summary>
    public static Dictionary<string, double> AnalyzeQuery(string text, IReadOnlySet<string>? ignore)
    {
        var terms = Analyze(text);
        var weighted = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (ignore is null || !ignore.Contains(term))
            {
                weighted[term] = 1.0;
            }
        }

        for (var start = 0; start < terms.Count; start++)
        {
            for (var length = Math.Min(LongestPhrase, terms.Count - start); length >= 1; length--)
            {
                var phrase = terms.GetRange(start, length);
                if (!Synonyms.TryGetValue(string.Join(' ', phrase), out var expansions))
                {
                    continue;
                }

                if (ignore is not null && phrase.All(ignore.Contains))
                {
                    break;
                }

                foreach (var expansion in expansions.Where(e => ignore is null || !ignore.Contains(e)))
                {
                    weighted[expansion] = Math.Max(weighted.GetValueOrDefault(expansion), SynonymWeight);
                }

                break;
            }
        }

        return weighted;
    }

    /// <summary>Light suffix stemming; both sides of a match go through it, so it only needs to be consistent.</summary>
    public static string Stem(string term)
    {
        if (term.Length <= 3 || !char.IsLetter(term[^1]))
        {
            return term;
        }

        var stem = term;
        if (stem.EndsWith("ies", StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = stem[..^3] + "y";
        }
        else if (stem.EndsWith("sses", StringComparison.Ordinal))
        {
            stem = stem[..^2];
        }
        else if (stem.EndsWith('s') && !stem.EndsWith("ss", StringComparison.Ordinal) && !stem.EndsWith("us", StringComparison.Ordinal)
            && !(stem.EndsWith("is", StringComparison.Ordinal) && stem.Length > 4))
        {
            stem = stem[..^1];
        }

        if (stem.EndsWith("ied", StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = stem[..^3] + "y";
        }
        else if (stem.EndsWith("ing", StringComparison.Ordinal) && stem.Length >= 6)
        {
            stem = Undouble(stem[..^3]);
        }
        else if (stem.EndsWith("ed", StringComparison.Ordinal) && stem.Length >= 5)
        {
            stem = Undouble(stem[..^2]);
        }

        // "manage", "managed" and "managing" all end up as "manag".
        return stem.Length >= 4 && stem.EndsWith('e') ? stem[..^1] : stem;
    }

    private static string Undouble(string stem) =>
        stem.Length >= 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') && !IsVowel(stem[^1])
            ? stem[..^1]
            : stem;

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static void AddTerm(StringBuilder word, List<string> terms)
    {
        if (word.Length == 0)
        {
            return;
        }

        var raw = word.ToString();
        word.Clear();
        if ((raw.Length == 1 && !char.IsDigit(raw[0])) || StopWords.Contains(raw))
        {
            return;
        }

        terms.Add(Stem(raw));
    }

    private static FrozenDictionary<string, string[]> BuildSynonyms()
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in SynonymGroups)
        {
            var phrases = group.Select(Analyze).ToList();
            for (var i = 0; i < phrases.Count; i++)
            {
                var others = phrases.Where((_, j) => j != i).SelectMany(p => p).Except(phrases[i]).Distinct();
                // A phrase in several groups (an abbreviation and its spelled-out group) gets the synonyms of all of them.
                var key = string.Join(' ', phrases[i]);
                map[key] = map.TryGetValue(key, out var earlier) ? [.. earlier.Union(others)] : [.. others];
            }
        }

        // One way only: the short form adds the spelled-out words, never the reverse, since pages spell words out and a
        // spelled-out question gains nothing from the short form but noise in the section ranking.
        foreach (var (abbreviation, expansion) in Abbreviations)
        {
            var key = string.Join(' ', Analyze(abbreviation));
            var terms = Analyze(expansion);
            map[key] = map.TryGetValue(key, out var earlier) ? [.. earlier.Union(terms)] : [.. terms];
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
