using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.RoleContent;

/// <summary>Parses the two sections organized by career level: "Career levels" and "Interview themes".</summary>
internal static partial class CareerSectionsParser
{
    private sealed record ParsedLevel(CareerLevel Level, string Heading, int Line);

    /// <summary>One "### " level per career level, with expectations and milestones; years contiguous from 0, the last open-ended.</summary>
    public static ImmutableArray<CareerLevel> ParseLevels(SectionCursor cursor)
    {
        var parsed = new List<ParsedLevel>();
        while (!cursor.AtEnd)
        {
            if (cursor.Current.Kind != LineKind.Subheading)
            {
                var stray = cursor.Take();
                cursor.Problems.Add(stray.Number, $"expected a level heading '### <Level name> (<min>–<max> years)', found the {stray.Describe()}");
                continue;
            }

            var heading = cursor.Take();
            var body = cursor.TakeSubsection();
            if (ParseLevel(heading, body) is { } level)
            {
                parsed.Add(level);
            }
        }

        CheckYears(parsed, cursor.Problems);
        return [.. parsed.Select(p => p.Level)];
    }

    /// <summary>One "### Level name" per level with 2–4 themes and 3–5 practice questions; names are cross-checked by the caller.</summary>
    public static ImmutableArray<(InterviewLevel Level, int Line)> ParseInterview(SectionCursor cursor)
    {
        var levels = ImmutableArray.CreateBuilder<(InterviewLevel, int)>();
        while (!cursor.AtEnd)
        {
            if (cursor.Current.Kind != LineKind.Subheading)
            {
                var stray = cursor.Take();
                cursor.Problems.Add(stray.Number, $"expected a level subheading '### <Level name>', found the {stray.Describe()}");
                continue;
            }

            var heading = cursor.Take();
            var body = cursor.TakeSubsection();
            var owner = $"interview level '{heading.Text}'";
            var themes = body.TakeBullets(2, 4, $"the theme list of {owner}", heading.Number);
            var questions = body.TakeLabeledList(PageLine.PracticeQuestions, 3, 5, owner);
            body.RejectRest(owner);
            levels.Add((new InterviewLevel(heading.Text, themes, questions), heading.Number));
        }

        return levels.ToImmutable();
    }

    private static ParsedLevel? ParseLevel(PageLine heading, SectionCursor body)
    {
        var problems = body.Problems;
        var match = LevelHeading().Match(heading.Text);
        if (!match.Success)
        {
            problems.Add(heading.Number, $"level heading '{heading.Source}' does not match '### <Level name> (<min>–<max> years)' or '### <Level name> (<min>+ years)'");
            return null;
        }

        var owner = $"level '{heading.Text}'";
        if (!int.TryParse(match.Groups["min"].Value, CultureInfo.InvariantCulture, out var min)
            | !TryParseMax(match.Groups["max"], out var max))
        {
            problems.Add(heading.Number, $"{owner} has years that are too large");
            return null;
        }

        var expectations = "";
        if (!body.AtEnd && body.Current.IsLabel(PageLine.Expectations))
        {
            expectations = body.Take().Value;
        }
        else
        {
            problems.Add(body.AtEnd ? heading.Number : body.LineNumber, $"{owner} needs an 'Expectations: <text>' line first");
        }

        var milestones = body.TakeLabeledList(PageLine.Milestones, 2, 4, owner);
        body.RejectRest(owner);
        return new ParsedLevel(new CareerLevel(match.Groups["name"].Value, min, max, expectations, milestones), heading.Text, heading.Number);
    }

    private static bool TryParseMax(Group group, out int? max)
    {
        max = null;
        if (!group.Success)
        {
            return true;
        }

        var ok = int.TryParse(group.Value, CultureInfo.InvariantCulture, out var value);
        max = value;
        return ok;
    }

    private static void CheckYears(List<ParsedLevel> levels, SectionProblems problems)
    {
        if (levels.Count == 0)
        {
            problems.Add("the section has no career levels");
            return;
        }

        if (levels[0].Level.MinYears != 0)
        {
            problems.Add(levels[0].Line, $"the first level '{levels[0].Heading}' must start at 0 years");
        }

        for (var i = 0; i < levels.Count; i++)
        {
            var (level, heading, line) = levels[i];
            var isLast = i == levels.Count - 1;
            if (level.MaxYears is { } max && max <= level.MinYears)
            {
                problems.Add(line, $"level '{heading}' must end after it starts");
            }

            if (level.MaxYears is null && !isLast)
            {
                problems.Add(line, $"only the last level may be open-ended ('<min>+ years'), but '{heading}' is not the last level");
            }
            else if (level.MaxYears is not null && isLast)
            {
                problems.Add(line, $"the last level '{heading}' must be open-ended, written '({level.MinYears}+ years)'");
            }

            if (i > 0 && levels[i - 1].Level.MaxYears is { } previousMax && level.MinYears != previousMax)
            {
                problems.Add(line, $"level '{heading}' does not start where the previous level ends ({previousMax})");
            }
        }

        foreach (var duplicate in levels.GroupBy(l => l.Level.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(duplicate.Skip(1).First().Line, $"level name '{duplicate.Key}' is used more than once");
        }
    }

    [GeneratedRegex(@"^(?<name>.+) \((?<min>\d+)(?:–(?<max>\d+)|\+) years\)$")]
    private static partial Regex LevelHeading();
}
