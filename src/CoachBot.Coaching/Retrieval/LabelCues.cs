using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// The labels of the role-content format ("Remote feasibility:", "Demand:", "Weak bullet:", "Milestones:", ...) and the
/// words by which a question asks for each. Labels are part of the format (docs/role-content-format.md), so every page
/// uses them for the same kind of answer; a labelled line is short and generic in wording, though, and loses on meaning
/// and word overlap to advice lines that happen to share the question's words. A question carrying a label's cue lifts
/// the units with that label instead.
/// </summary>
/// <remarks>
/// A cue is a phrase whose words (stemmed, stop words kept) must all occur in the question, in any order. A unit carries
/// a label when its text starts with it (a labelled bullet, or an overview sentence such as "Demand is high"), when it
/// sits under it (a list label such as "Certifications"), or when its block has a line starting with it ("Milestones:"
/// in a career level). A labelled bullet also carries a table label that is one word of its own label ("SDET premium:"
/// carries "Premium"). A question matching several labels favours the one matched by the longest cue, so "total comp"
/// prefers the total compensation line over the base salary lines that "comp" alone would point at.
/// </remarks>
internal static partial class LabelCues
{
    /// <summary>The salary bullets of the levels, which carry no label of their own; see <see cref="IsBaseSalaryLine"/>.</summary>
    private const string BaseSalary = "";

    /// <summary>The resume guidance on length, which the format writes as a page count; see <see cref="IsPageLengthLine"/>.</summary>
    private const string PageLength = "(page length)";

    private static readonly (string Label, string[] Cues)[] Table =
    [
        ("Remote feasibility", ["remote", "remotely", "wfh", "work from home", "hybrid", "onsite", "on site", "office", "in person"]),
        ("Demand", ["demand", "job market", "market", "hard to find", "hard to get", "hard to land", "openings", "hiring", "dying", "find a job", "saturated", "competitive"]),
        ("Location", ["city", "cities", "location", "where", "bay area", "relocate"]),
        ("City differences", ["city", "cities", "location", "where", "relocate"]),
        ("Total compensation", ["stock", "equity", "bonus", "rsu", "total comp", "total compensation"]),
        ("Pay structure", ["gross", "net", "13th month", "bonus", "total comp", "total compensation"]),
        (BaseSalary, ["pay", "salary", "earn", "paid", "compensation", "how much", "money", "base"]),
        (PageLength, ["long resume", "long cv", "resume length", "cv length", "pages", "one page", "two pages"]),
        ("Premium", ["premium", "pay more", "pay most", "paid more", "earn more", "skills pay", "skills salary", "skills paid"]),
        ("Entry path", ["get into", "break into", "become", "out of school", "no experience", "career change", "switch into", "move into"]),
        ("Career switch", ["career change", "switch", "transition", "move into", "move from", "moving from"]),
        ("Note", ["guarantee", "guaranteed", "accurate", "exact", "trust", "reliable", "offer"]),
        ("ATS keywords", ["keyword", "keywords", "ats", "applicant tracking", "screening software"]),
        ("Weak bullet", ["weak", "bad bullet", "bad example", "bad line", "poor bullet"]),
        ("Strong bullet", ["strong", "good bullet", "good example", "good line", "great bullet", "better bullet"]),
        ("Expectations", ["expected", "expectations", "responsible for", "responsibilities"]),
        ("Milestones", ["milestone", "milestones", "accomplish", "achieve", "move up"]),
        ("Practice questions", ["practice question", "interview question", "ask", "asked"]),
        ("Certifications", ["cert", "certs", "certification", "certifications", "certificate", "credential"]),
        ("Short term", ["short term", "90 days", "next few months", "right now", "first step", "this month", "this week"]),
        ("Long term", ["long term", "long run", "future", "eventually", "over time", "years from now"]),
    ];

    private static readonly (string Label, HashSet<string>[] Cues)[] Analyzed =
        [.. Table.Select(e => (e.Label, e.Cues.Select(EnglishAnalyzer.Words).ToArray()))];

    /// <summary>
    /// How strongly the question asks for each label it cues: the word count of the longest matching cue. Empty when the
    /// question names no label.
    /// </summary>
    public static Dictionary<string, int> Cued(string question)
    {
        var words = EnglishAnalyzer.Words(question);
        var cued = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (label, cues) in Analyzed)
        {
            var strength = cues.Where(c => c.Count > 0 && c.All(words.Contains)).Select(c => c.Count).DefaultIfEmpty(0).Max();
            if (strength > 0)
            {
                cued[label] = strength;
            }
        }

        return cued;
    }

    /// <summary>The strength of the strongest cued label the unit carries, 0 when it carries none.</summary>
    public static int Strength(AnswerUnit unit, IReadOnlyDictionary<string, int> cued)
    {
        var best = 0;
        foreach (var (label, strength) in cued)
        {
            if (strength > best && Carries(unit, label))
            {
                best = strength;
            }
        }

        return best;
    }

    private static bool Carries(AnswerUnit unit, string label)
    {
        if (label.Length == 0)
        {
            return IsBaseSalaryLine(unit.Text);
        }

        if (label == PageLength)
        {
            return IsPageLengthLine(unit.Text);
        }

        var text = unit.Text.StartsWith("- ", StringComparison.Ordinal) ? unit.Text[2..] : unit.Text;
        var own = OwnLabel().Match(text);
        return StartsWithLabel(text, label)
            || (own.Success && $" {own.Groups["label"].Value} ".Contains($" {label} ", StringComparison.OrdinalIgnoreCase))
            || (unit.Context is not null && unit.Context.StartsWith(label, StringComparison.OrdinalIgnoreCase))
            || unit.Text.Split('\n').Skip(1).Any(line => line.StartsWith(label + ":", StringComparison.OrdinalIgnoreCase));
    }

    private static bool StartsWithLabel(string text, string label) =>
        text.StartsWith(label, StringComparison.OrdinalIgnoreCase)
        && text.Length > label.Length
        && text[label.Length] is ':' or ' ';

    /// <summary>A level's salary bullet: "- Senior Backend Developer (5–8 years): USD 140,000–180,000 base (...)".</summary>
    private static bool IsBaseSalaryLine(string text) => BaseSalaryLine().IsMatch(text);

    /// <summary>A line that gives a length in pages: "one page", "one to two pages", "two pages at most".</summary>
    private static bool IsPageLengthLine(string text) => PageCount().IsMatch(text);

    [GeneratedRegex(@"\b(?:one|two|three|1|2|3)(?:\s+(?:to|or)\s+(?:one|two|three|1|2|3))?[\s-]+pages?\b", RegexOptions.IgnoreCase)]
    private static partial Regex PageCount();

    /// <summary>The label of a labelled bullet ("SDET premium: ..."), which may hold a table label as one of its words.</summary>
    [GeneratedRegex(@"^(?<label>[A-Z][^:.\n]{0,40}):")]
    private static partial Regex OwnLabel();

    [GeneratedRegex(@"^- .+ \(\d+(?:–\d+|\+) years\): [A-Z]{3} [\d,]+–[\d,]+ base")]
    private static partial Regex BaseSalaryLine();
}
