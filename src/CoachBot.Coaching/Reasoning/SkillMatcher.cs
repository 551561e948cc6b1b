using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Reasoning;

/// <summary>Compares skill and certification names the way people write them ("REST APIs" has "APIs"; "CI/CD" is "ci cd").</summary>
public static partial class SkillMatcher
{
    private static readonly HashSet<string> Noise = ["and", "the", "of", "for", "a", "an", "certified", "certification", "certificate", "professional", "associate", "–", "-"];

    /// <summary>True when a profile skill and a role skill name the same thing.</summary>
    public static bool SameSkill(string held, string required)
    {
        var a = Tokens(held);
        var b = Tokens(required);
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        // Every word of the shorter name appears in the longer one ("APIs" ⊂ "REST APIs", "SQL" ⊂ "SQL and databases").
        var (shorter, longer) = a.Count <= b.Count ? (a, b) : (b, a);
        return shorter.All(longer.Contains);
    }

    /// <summary>True when a held certification is the named one ("AWS Developer Associate" vs "AWS Certified Developer – Associate", "CKA").</summary>
    public static bool SameCertification(string held, string name)
    {
        var acronym = Acronym().Match(name);
        if (acronym.Success && string.Equals(held.Trim(), acronym.Groups[1].Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var a = Tokens(held).Except(Noise).ToHashSet();
        var b = Tokens(name).Except(Noise).ToHashSet();
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        var overlap = a.Intersect(b).Count();
        return overlap >= Math.Min(a.Count, b.Count) && overlap * 2 >= Math.Max(a.Count, b.Count);
    }

    private static List<string> Tokens(string text) =>
        [.. Word().Matches(text.ToLowerInvariant()).Select(m => Singular(m.Value))];

    private static string Singular(string word) =>
        word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;

    [GeneratedRegex(@"[a-z0-9+#]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\(([A-Z]{2,6})\)")]
    private static partial Regex Acronym();
}
