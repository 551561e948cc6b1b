using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Profiles;

/// <summary>Turns a job title as written ("mid-level backend engineer") into the profile's values.</summary>
internal static partial class RoleNames
{
    // Words that describe the person rather than the job; they are not part of a title.
    private static readonly FrozenSet<string> Describing = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "experienced", "good", "great", "passionate", "self-taught", "professional", "seasoned", "young", "new", "fresh",
        "full-time", "part-time", "remote", "hybrid", "solid", "strong", "decent", "skilled", "qualified", "recent",
        "current", "newly", "only", "sole", "main", "very", "really", "pretty", "quite", "proud", "happy", "successful", "budding", "wannabe");

    // A title starting with these is not the person's current job.
    private static readonly FrozenSet<string> NotCurrent = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "former", "ex", "ex-", "certified", "aspiring", "future", "would-be", "retired", "prospective", "trainee-to-be");

    /// <summary>The current title and the level it names, or null when the phrase is not a current job.</summary>
    public static (string Title, string? Level)? CurrentTitle(string phrase)
    {
        var words = Words(phrase);
        var age = words.FindLastIndex(w => w is "old" or "yo" or "year-old" or "years-old");
        if (age >= 0)
        {
            words = words[(age + 1)..];
        }

        if (words.Count == 0 || NotCurrent.Contains(words[0]) || words[0].StartsWith("ex-", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        words.RemoveAll(Describing.Contains);
        string? level = null;
        while (words.Count > 1 && RoleLexicon.Level(words[0]) is { } named)
        {
            level ??= named;
            if (named is not ("Junior" or "Mid-level" or "Senior"))
            {
                break;
            }

            words.RemoveAt(0);
        }

        return words.Count == 0 ? null : (Spell(words), level);
    }

    /// <summary>The target role: the role page's name when the phrase is one of its aliases, after any level.</summary>
    public static string? TargetRole(string phrase)
    {
        var words = Words(phrase);
        words.RemoveAll(Describing.Contains);
        var levels = new List<string>();
        while (words.Count > 1 && RoleLexicon.Level(words[0]) is { } named)
        {
            levels.Add(named);
            words.RemoveAt(0);
        }

        if (words.Count == 0)
        {
            return null;
        }

        var role = RoleLexicon.Roles.TryGetCanonical(string.Join(' ', words), out var canonical) ? canonical : Spell(words);
        return levels.Count == 0 ? role : $"{string.Join(' ', levels)} {role}";
    }

    private static List<string> Words(string phrase) =>
        [.. TwoWordLevel().Replace(phrase.Trim(), "$1-level").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];

    private static string Spell(IEnumerable<string> words) => string.Join(' ', words.Select(Spell));

    private static string Spell(string word)
    {
        if (RoleLexicon.Spellings.TryGetValue(word, out var fixedSpelling))
        {
            return fixedSpelling;
        }

        if (SkillLexicon.Instance.TryGetCanonical(word, out var skill) && string.Equals(skill, word, StringComparison.OrdinalIgnoreCase))
        {
            return skill;
        }

        if (word.Length <= 5 && word.All(c => !char.IsLetter(c) || char.IsUpper(c)))
        {
            return word;
        }

        return string.Join('-', word.Split('-').Select(part =>
            part.Length == 0 ? part : string.Concat(char.ToUpperInvariant(part[0]).ToString(), part[1..].ToLowerInvariant())));
    }

    [GeneratedRegex(@"\b(mid|entry)[\s-]+level\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TwoWordLevel();
}
