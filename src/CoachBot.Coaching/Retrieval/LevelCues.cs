using System.Globalization;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// The career levels of one page, read from its level headings ("Senior Backend Developer (5–8 years)"), and which of
/// them a question is about. People name levels in their own words ("mid-level", "new grad", "3 yrs exp") while a page
/// names them its own way, and the units of the different levels (level blocks, salary lines, interview blocks) read
/// almost the same, so meaning and word overlap cannot tell them apart.
/// </summary>
internal sealed partial class LevelCues
{
    /// <summary>Where a seniority word puts a level on a ladder, when no level name of the page holds the word.</summary>
    private enum Rung
    {
        First,
        Second,
        SecondToLast,
        Last,
    }

    /// <summary>Words people use for a level, with the rung they mean on any ladder.</summary>
    private static readonly (string Word, Rung Rung)[] SeniorityWords =
    [
        ("junior", Rung.First),
        ("entry", Rung.First),
        ("beginner", Rung.First),
        ("grad", Rung.First),
        ("graduate", Rung.First),
        ("intern", Rung.First),
        ("associate", Rung.First),
        ("mid", Rung.Second),
        ("intermediate", Rung.Second),
        ("senior", Rung.SecondToLast),
        ("staff", Rung.Last),
        ("principal", Rung.Last),
        ("lead", Rung.Last),
        ("director", Rung.Last),
    ];

    private readonly List<(string Name, string Heading, int Min, int? Max, HashSet<string> Words)> _levels;

    private LevelCues(List<(string Name, string Heading, int Min, int? Max, HashSet<string> Words)> levels) => _levels = levels;

    /// <summary>The levels of a page, from the contexts of its career-level units, most junior first.</summary>
    public static LevelCues Of(IEnumerable<AnswerUnit> careerLevelUnits)
    {
        var levels = new List<(string, string, int, int?, HashSet<string>)>();
        foreach (var unit in careerLevelUnits)
        {
            var match = unit.Context is null ? null : LevelHeading().Match(unit.Context);
            if (match is { Success: true })
            {
                var name = match.Groups["name"].Value;
                int? max = match.Groups["max"].Success ? int.Parse(match.Groups["max"].Value, CultureInfo.InvariantCulture) : null;
                levels.Add((name, unit.Context!, int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture), max, EnglishAnalyzer.Words(name)));
            }
        }

        return new LevelCues(levels);
    }

    /// <summary>
    /// The levels the question names, as indexes into the page's levels: by a seniority word (the level whose name holds
    /// it, else its rung), or else by years of experience. Empty when it names none.
    /// </summary>
    public HashSet<int> Asked(string question)
    {
        var asked = new HashSet<int>();
        if (_levels.Count < 2)
        {
            return asked;
        }

        var words = EnglishAnalyzer.Words(question);
        foreach (var (word, rung) in SeniorityWords)
        {
            var stem = EnglishAnalyzer.Stem(word);
            if (!words.Contains(stem))
            {
                continue;
            }

            var named = _levels.FindIndex(l => l.Words.Contains(stem));
            asked.Add(named >= 0 ? named : rung switch
            {
                Rung.First => 0,
                Rung.Second => 1,
                Rung.SecondToLast => Math.Max(0, _levels.Count - 2),
                _ => _levels.Count - 1,
            });
        }

        if (asked.Count == 0)
        {
            foreach (Match match in YearsOfExperience().Matches(question))
            {
                var years = int.Parse(match.Groups["years"].Value, CultureInfo.InvariantCulture);
                var level = _levels.FindIndex(l => years >= l.Min && (l.Max is null || years < l.Max));
                if (level >= 0)
                {
                    asked.Add(level);
                }
            }
        }

        return asked;
    }

    /// <summary>
    /// The level a unit belongs to: a career-level block (under its heading), an interview block (under its name) or a
    /// salary line (starting with its heading). -1 for a unit of no level.
    /// </summary>
    public int LevelOf(AnswerUnit unit)
    {
        for (var i = 0; i < _levels.Count; i++)
        {
            var (name, heading, _, _, _) = _levels[i];
            if (string.Equals(unit.Context, heading, StringComparison.Ordinal)
                || string.Equals(unit.Context, name, StringComparison.Ordinal)
                || unit.Text.StartsWith("- " + heading + ":", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^(?<name>.+) \((?<min>\d+)(?:–(?<max>\d+)|\+) years\)$")]
    private static partial Regex LevelHeading();

    [GeneratedRegex(@"\b(?<years>\d{1,2})\+?\s*(?:years?|yrs?|yoe)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearsOfExperience();
}
