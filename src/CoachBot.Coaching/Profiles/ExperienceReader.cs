using System.Globalization;
using System.Text.RegularExpressions;

using CoachBot.Profiles;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Reads years of experience: "7 years of experience", "coding for three years", "two and a half years", "a decade in IT",
/// "5+ yrs", "since 2019", "started coding 3 years ago". Durations in the future ("within two years"), ages ("30 years old")
/// and counts of anything else ("3 jobs", "10 services", "2 weeks") are not experience.
/// </summary>
internal static partial class ExperienceReader
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const int TimeoutMs = 5000;

    private const string Qualifier =
        @"(?:(?:about|around|almost|nearly|over|more\s+than|roughly|approximately|approx\.?|close\s+to|just\s+(?:over|under)"
        + @"|under|at\s+least|~)\s*)?";

    private const string Duration =
        @"(?<![\w.,])" + Qualifier + "(?<num>" + NumberWords.Pattern + @")(?<half1>\s+and\s+a\s+half)?\s*(?<plus>\+)?\s*-?\s*"
        + @"(?<unit>years?|yrs?|decades?|months?)\b(?<half2>\s+and\s+a\s+half)?'?";

    private const string Activity =
        @"\b(?:cod(?:ing|ed|e)|programm(?:ing|ed)|develop(?:ing|ed)|work(?:ing|ed)?|writ(?:ing|ten)\s+code|build(?:ing)?\s+software"
        + @"|been\s+(?:a|an)\s+[\w/#+.\s-]{2,40}?|been\s+in\s+(?:IT|tech|the\s+industry|industry|software|the\s+field|this\s+field"
        + @"|the\s+role|this\s+role|my\s+role|engineering|development|[\w-]+\s+development)|professionally|in\s+(?:IT|tech|the\s+industry|software))";

    private const string Year = @"(?<year>(?:19|20)\d{2})\b";

    [GeneratedRegex(Duration + @"(?:\s+of|\s+in)?\s+(?:[\w#+./-]+\s+){0,3}?(?:experience|exp|xp)\b", Options, TimeoutMs)]
    private static partial Regex DurationOfExperience();

    [GeneratedRegex(Activity + @"\b[^.;!?\n]{0,40}?\bfor\s+(?:the\s+(?:last|past)\s+)?" + Duration, Options, TimeoutMs)]
    private static partial Regex ActivityForDuration();

    [GeneratedRegex(Activity + @"\b[^.;!?\n]{0,30}?\bsince\s+(?:(?:early|late|mid|the\s+(?:start|end|beginning)\s+of)\s+)?"
        + @"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?" + Year, Options, TimeoutMs)]
    private static partial Regex ActivitySinceYear();

    [GeneratedRegex(@"\b(?:started|began)\s+(?:coding|programming|working|developing|my\s+career|my\s+first\s+job"
        + @"|(?:out\s+)?as\s+(?:a|an)\s+[\w/#+.-]+(?:\s+[\w/#+.-]+){0,3}?|in\s+(?:IT|tech|the\s+industry|software))\b[^.;!?\n]{0,30}?"
        + @"(?:\bin\s+" + Year + "|" + Duration + @"\s+ago\b)"
        + @"|\b(?:it's|it\s+has|it\s+is)\s+been\s+" + Duration + @"\s+since\s+i\s+(?:started|began|got\s+into)\b", Options, TimeoutMs)]
    private static partial Regex StartedAt();

    [GeneratedRegex(@"(?<=^|[.!?\n,;:]\s*)since\s+" + Year + @"(?=\s*(?:$|[.!?\n,;]))", Options, TimeoutMs)]
    private static partial Regex SinceYearAlone();

    [GeneratedRegex(Duration + @"(?<rest>\s+(?:in|into|as|at|on|doing|writing|building|coding|programming|developing|working|under\s+my\s+belt"
        + @"|of\s+(?:coding|programming|development|work|working|engineering|professional))\b"
        + @"(?:\s+(?:(?:the|a|an|my)\s+)?(?!(?:as|in|at|for|and|but|with|so)\b)[\w#+./-]+)?)", Options, TimeoutMs)]
    private static partial Regex DurationInSomething();

    [GeneratedRegex(Duration, Options, TimeoutMs)]
    private static partial Regex DurationAlone();

    // Before a duration: it is in the future, a frequency or a comparison, not experience. "for 5 years" is experience
    // only after an activity ("coding for 5 years"), which an earlier pattern reads; "unemployed for 6 months" is not.
    [GeneratedRegex(@"\b(?:in|within|after|next|another|than|every|each|per|the\s+next|the\s+coming|for|for\s+the\s+(?:last|past))\s*$",
        Options, TimeoutMs)]
    private static partial Regex NotExperienceBefore();

    // After a duration: an age, a time ago or time left.
    [GeneratedRegex(@"^\s*(?:ago|old|from\s+now|later|left|of\s+age|younger|older|in\s+a\s+row|to\s+go)\b", Options, TimeoutMs)]
    private static partial Regex NotExperienceAfter();

    [GeneratedRegex(@"\G\s+(?:in|at)\s+(?:the\s+)?", Options, TimeoutMs)]
    private static partial Regex PlacePreposition();

    [GeneratedRegex(@"^\s*(?:$|[,.;!?\n]|(?:in\s+total|total|professionally|overall)\b)", Options, TimeoutMs)]
    private static partial Regex EndsClause();

    public static ProfileFact<decimal>? Read(MessageText text, DateTimeOffset now)
    {
        var view = text.Present;
        return First(DurationOfExperience(), m => Years(m))
            ?? First(ActivityForDuration(), m => Years(m))
            ?? First(ActivitySinceYear(), m => Since(m, now))
            ?? First(StartedAt(), m => m.Groups["year"].Success ? Since(m, now) : Years(m))
            ?? First(SinceYearAlone(), m => Since(m, now))
            ?? First(DurationInSomething(), m => Loose(m) ? Years(m) : null)
            ?? First(DurationAlone(), m => Loose(m) && (m.Groups["plus"].Success || Alone(m) || BeforeSkill(m)) ? Years(m) : null);

        ProfileFact<decimal>? First(Regex pattern, Func<Match, decimal?> value)
        {
            foreach (Match match in pattern.Matches(view))
            {
                if (text.IsAboutUser(view, match.Index) && value(match) is { } years and >= 0 and <= ProfileLimits.MaxYears)
                {
                    return new ProfileFact<decimal>(decimal.Round(years, 1, MidpointRounding.AwayFromZero), text.Span(match.Index, match.Index + match.Length));
                }
            }

            return null;
        }

        bool Loose(Match match)
        {
            var sentence = text.SentenceAt(match.Index);
            var rest = match.Groups["rest"];
            var end = rest.Success ? rest.Index : match.Index + match.Length;
            return !NotExperienceBefore().IsMatch(view.AsSpan(sentence.Start, match.Index - sentence.Start))
                && !NotExperienceAfter().IsMatch(view.AsSpan(end))
                && !AfterPlace(end);
        }

        // "5 years." or "About 5 years, mostly Java": the duration is the whole clause.
        bool Alone(Match match) => EndsClause().IsMatch(view.AsSpan(match.Index + match.Length));

        // "6 yrs Java": the duration is experience in a skill.
        bool BeforeSkill(Match match)
        {
            var at = match.Index + match.Length;
            while (at < view.Length && view[at] == ' ')
            {
                at++;
            }

            return SkillLexicon.Instance.MatchAt(view, at, view.Length) is not null || RoleLexicon.Fields.MatchAt(view, at, view.Length) is not null;
        }

        // "3 years in Berlin" is time spent in a place.
        bool AfterPlace(int end)
        {
            var place = PlacePreposition().Match(view, end);
            var at = end + place.Length;
            return place.Success
                && (PlaceLexicon.Countries.MatchAt(view, at, view.Length) is not null || PlaceLexicon.Cities.MatchAt(view, at, view.Length) is not null);
        }
    }

    private static decimal? Years(Match match)
    {
        if (NumberWords.Parse(match.Groups["num"].Value) is not { } number)
        {
            return null;
        }

        var half = match.Groups["half1"].Success || match.Groups["half2"].Success ? 0.5m : 0m;
        var unit = match.Groups["unit"].Value.ToUpperInvariant();
        return unit.StartsWith("DECADE", StringComparison.Ordinal) ? (number + half) * 10
            : unit.StartsWith("MONTH", StringComparison.Ordinal) ? (number + half) / 12
            : number + half;
    }

    private static decimal? Since(Match match, DateTimeOffset now)
    {
        var years = now.Year - int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        return years >= 0 ? years : null;
    }
}
