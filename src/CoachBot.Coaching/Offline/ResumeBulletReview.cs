using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Offline;

/// <summary>What is wrong with one resume bullet, and a rewrite that leaves slots for the facts only the user knows.</summary>
/// <param name="Original">The bullet as pasted.</param>
/// <param name="Problems">Plain-words problems; empty when the bullet is already strong.</param>
/// <param name="Rewrite">A stronger version; [brackets] mark numbers the user must fill in.</param>
public sealed record BulletReview(string Original, ImmutableArray<string> Problems, string Rewrite);

/// <summary>
/// Reviews resume bullets: flags missing outcomes and metrics, weak openings ("responsible for", "helped with") and
/// vagueness, and rewrites them around a strong verb and a measurable result. Never invents numbers.
/// </summary>
public static partial class ResumeBulletReview
{
    private static readonly (Regex Pattern, string Verb)[] WeakOpenings =
    [
        (new Regex(@"^(was )?responsible for ", RegexOptions.IgnoreCase), "Owned"),
        (new Regex(@"^(worked|working) on ", RegexOptions.IgnoreCase), "Built"),
        (new Regex(@"^(helped|helping|assisted|assisting) (with |to |in )?(the )?", RegexOptions.IgnoreCase), "Contributed to"),
        (new Regex(@"^(was )?involved in (the )?", RegexOptions.IgnoreCase), "Delivered"),
        (new Regex(@"^(participated|took part) in (the )?", RegexOptions.IgnoreCase), "Drove"),
        (new Regex(@"^(did|handled|dealt with) (the )?", RegexOptions.IgnoreCase), "Ran"),
        (new Regex(@"^(tasked with|duties included) (the )?", RegexOptions.IgnoreCase), "Led"),
    ];

    /// <summary>Bullets pasted in a message: lines starting with "-", "*", "•" or "1.", or quoted lines after a colon.</summary>
    public static ImmutableArray<string> FindBullets(string message) =>
        [.. BulletLine().Matches(message).Select(m => m.Groups["text"].Value.Trim()).Where(t => t.Length >= 8)];

    public static BulletReview Review(string bullet)
    {
        var text = bullet.Trim().TrimEnd('.');
        var problems = ImmutableArray.CreateBuilder<string>();
        var hasMetric = Metric().IsMatch(text);
        var hasOutcome = OutcomeWord().IsMatch(text);
        var weak = WeakOpenings.FirstOrDefault(w => w.Pattern.IsMatch(text));

        if (weak.Pattern is not null)
        {
            problems.Add("it opens with a duty (\"" + weak.Pattern.Match(text).Value.Trim() + "\") instead of what you achieved");
        }

        if (!hasOutcome)
        {
            problems.Add("it doesn't say what changed because of your work (the outcome)");
        }

        if (!hasMetric)
        {
            problems.Add("it has no number to show scale or impact (%, time, money, users, requests)");
        }

        if (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 6)
        {
            problems.Add("it is too short to tell a recruiter what you did");
        }

        var rewrite = problems.Count == 0 ? text + "." : Rewrite(text, weak.Pattern, weak.Verb, hasOutcome, hasMetric);
        return new BulletReview(bullet.Trim(), problems.ToImmutable(), rewrite);
    }

    private static string Rewrite(string text, Regex? weakPattern, string? verb, bool hasOutcome, bool hasMetric)
    {
        var core = weakPattern is null ? text : weakPattern.Replace(text, "", 1);
        core = core.Length > 1 && char.IsUpper(core[0]) && char.IsLower(core[1]) ? char.ToLowerInvariant(core[0]) + core[1..] : core;
        var opening = weakPattern is null ? Capitalize(core) : $"{verb} {core}";
        if (hasOutcome && hasMetric)
        {
            return opening + ".";
        }

        var result = hasOutcome
            ? ", quantified: [by how much, e.g. 30% or 2 hours a week]"
            : hasMetric
                ? ", which [outcome: e.g. cut costs, sped up releases, reduced incidents]"
                : ", [outcome with a number: e.g. cutting response time by 40% for 2M daily requests]";
        return opening + result + ".";
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    // A list line; the text after "this bullet:" / "my resume line:" / "resume says:" (quoted or not); or a quoted line of
    // four words or more ("\"Helped with the data pipeline migration\" - is this ok?").
    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])\s+(?<text>.+)$|\b(?:bullet(?:\s+point)?|line|point|entry|sentence|resume\s+says|cv\s+says)\s*[:\-–]\s*[""“']?(?<text>[^""”\n]{8,}?)[""”']?\s*$|[""“](?<text>[^""”\n]*?\w+\s+\w+\s+\w+\s+\w[^""”\n]*)[""”]", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex BulletLine();

    [GeneratedRegex(@"(\d+(\.\d+)?\s?(%|percent|x\b|ms\b|s\b|seconds|minutes|hours|days|weeks|k\b|m\b|million|users|customers|requests|services|engineers|people)|[$€£]\s?\d|\b\d{2,}\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Metric();

    [GeneratedRegex(@"\b(reduc\w*|increas\w*|improv\w*|cut|cutting|sav\w*|grew|grow\w*|boost\w*|raised|lower\w*|decreas\w*|accelerat\w*|sped|speed\w* up|eliminat\w*|prevent\w*|enabl\w*|resulting|leading to|so that|which (led|let|allowed))\b", RegexOptions.IgnoreCase)]
    private static partial Regex OutcomeWord();
}
