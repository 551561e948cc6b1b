using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.RoleContent;

/// <summary>
/// Parses "Salary and market signals": salary bullets (one per level, first), then "Demand:", "Remote feasibility:",
/// any other labelled bullets, and a final "Note:". Level names and years are cross-checked by the caller.
/// </summary>
internal static partial class MarketParser
{
    private const string DemandLabel = "Demand";
    private const string RemoteLabel = "Remote feasibility";
    private const string NoteLabel = "Note";

    /// <summary>A salary bullet with the text before its colon, e.g. "Senior Backend Developer (5–8 years)".</summary>
    public sealed record ParsedSalary(SalarySignal Signal, string Label, int Line);

    /// <summary>What the section holds; members are null or empty where the page is malformed.</summary>
    public sealed record Market(
        ImmutableArray<ParsedSalary> Salary,
        RatedSignal? Demand,
        RatedSignal? RemoteFeasibility,
        ImmutableArray<LabeledSignal> Other,
        string? Note);

    public static Market Parse(SectionCursor cursor, string region)
    {
        var bullets = cursor.TakeOnly(LineKind.Bullet, "a section that holds only bullets");
        var problems = cursor.Problems;
        var salary = ImmutableArray.CreateBuilder<ParsedSalary>();
        var other = ImmutableArray.CreateBuilder<LabeledSignal>();
        RatedSignal? demand = null, remote = null;
        string? note = null;
        var seenOther = false;
        var salaryBullets = 0;
        for (var i = 0; i < bullets.Length; i++)
        {
            var (line, text) = (bullets[i].Number, bullets[i].Text);
            var match = LabeledBullet().Match(text);
            if (!match.Success)
            {
                problems.Add(line, $"the {bullets[i].Describe()} is not a '<Label>: <text>' bullet");
                continue;
            }

            var label = match.Groups["label"].Value;
            var value = match.Groups["text"].Value;
            if (label.EndsWith(" years)", StringComparison.Ordinal))
            {
                salaryBullets++;
                if (seenOther)
                {
                    problems.Add(line, $"salary bullet '{label}' must come before the other market bullets");
                }

                if (ParseSalary(text, label, line, region, problems) is { } parsed)
                {
                    salary.Add(parsed);
                }

                continue;
            }

            seenOther = true;
            switch (label)
            {
                case DemandLabel:
                    demand = Rated(demand, value, label, line, problems);
                    RequireAfter(i == salaryBullets, label, "the salary bullets", line, problems);
                    break;
                case RemoteLabel:
                    remote = Rated(remote, value, label, line, problems);
                    RequireAfter(i > 0 && bullets[i - 1].Text.StartsWith(DemandLabel + ": ", StringComparison.Ordinal), label, "'Demand:'", line, problems);
                    break;
                case NoteLabel:
                    note = note is null ? value : Duplicate<string>(label, line, problems) ?? note;
                    if (i != bullets.Length - 1)
                    {
                        problems.Add(line, "the 'Note:' bullet must be the last bullet");
                    }

                    break;
                default:
                    if (!char.IsUpper(label[0]))
                    {
                        problems.Add(line, $"label '{label}' must start with a capital letter");
                    }

                    other.Add(new LabeledSignal(label, value));
                    break;
            }
        }

        foreach (var (found, label, form) in new[]
        {
            (demand is not null, DemandLabel, "'- Demand: <high|medium|low> — <text>'"),
            (remote is not null, RemoteLabel, "'- Remote feasibility: <high|medium|low> — <text>'"),
            (note is not null, NoteLabel, "a final '- Note: <text>'"),
        })
        {
            if (!found)
            {
                problems.Add($"the {label} bullet is missing: add {form}");
            }
        }

        return new Market(salary.ToImmutable(), demand, remote, other.ToImmutable(), note);
    }

    private static ParsedSalary? ParseSalary(string text, string label, int line, string region, SectionProblems problems)
    {
        var match = SalaryBullet().Match(text);
        if (!match.Success)
        {
            problems.Add(line, $"salary bullet '{label}' does not match '<Level name> (<min>–<max> years): <CUR> <low>–<high> base (<Region>, as of <YYYY-MM>)'");
            return null;
        }

        var owner = $"salary bullet '{label}'";
        var ok = TryAmount(match.Groups["low"].Value, out var low) & TryAmount(match.Groups["high"].Value, out var high)
            & int.TryParse(match.Groups["min"].Value, CultureInfo.InvariantCulture, out var min);
        int? max = null;
        if (match.Groups["max"].Success)
        {
            ok &= int.TryParse(match.Groups["max"].Value, CultureInfo.InvariantCulture, out var maxValue);
            max = maxValue;
        }

        if (!ok)
        {
            problems.Add(line, $"{owner} has a number that is too large");
            return null;
        }

        if (low > high)
        {
            problems.Add(line, $"{owner}: the low end {match.Groups["low"].Value} is above the high end {match.Groups["high"].Value}");
        }

        var salaryRegion = match.Groups["region"].Value;
        if (!string.Equals(salaryRegion, region, StringComparison.Ordinal))
        {
            problems.Add(line, $"{owner} names region '{salaryRegion}' but the page's region is '{region}'");
        }

        if (!DateOnly.TryParseExact(match.Groups["asof"].Value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            problems.Add(line, $"{owner}: '{match.Groups["asof"].Value}' is not a valid as-of month (YYYY-MM)");
        }

        var signal = new SalarySignal(match.Groups["level"].Value, min, max, match.Groups["cur"].Value, low, high, salaryRegion, asOf);
        return new ParsedSalary(signal, label, line);
    }

    private static bool TryAmount(string text, out long amount) =>
        long.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out amount);

    private static RatedSignal? Rated(RatedSignal? existing, string value, string label, int line, SectionProblems problems)
    {
        if (existing is not null)
        {
            return Duplicate<RatedSignal>(label, line, problems) ?? existing;
        }

        var match = Rating().Match(value);
        if (!match.Success)
        {
            problems.Add(line, $"'{label}:' must be followed by 'high', 'medium' or 'low', an em dash and a text: '- {label}: <rating> — <text>'");
            return null;
        }

        var rating = Enum.Parse<SignalRating>(match.Groups["rating"].Value, ignoreCase: true);
        return new RatedSignal(rating, match.Groups["text"].Value);
    }

    private static T? Duplicate<T>(string label, int line, SectionProblems problems)
        where T : class
    {
        problems.Add(line, $"'{label}:' appears more than once");
        return null;
    }

    private static void RequireAfter(bool inPlace, string label, string predecessor, int line, SectionProblems problems)
    {
        if (!inPlace)
        {
            problems.Add(line, $"the '{label}:' bullet must directly follow {predecessor}");
        }
    }

    [GeneratedRegex(@"^(?<label>[^:]+): (?<text>.+)$")]
    private static partial Regex LabeledBullet();

    [GeneratedRegex(@"^(?<level>.+) \((?<min>\d+)(?:–(?<max>\d+)|\+) years\): (?<cur>[A-Z]{3}) (?<low>\d{1,3}(?:,\d{3})*)–(?<high>\d{1,3}(?:,\d{3})*) base \((?<region>[^,]+), as of (?<asof>\d{4}-\d{2})\)$")]
    private static partial Regex SalaryBullet();

    [GeneratedRegex(@"^(?<rating>high|medium|low) — (?<text>.+)$")]
    private static partial Regex Rating();
}
