using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Reads where the user works or wants to work: "based in Berlin", "a backend engineer in Toronto", "I want to move to
/// Canada". A country named outright is stated; a city gives its country as an inferred value. Where the user wants to
/// work wins over where they are, since that is the market the coaching is about.
/// </summary>
internal static partial class RegionReader
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const int TimeoutMs = 5000;

    [GeneratedRegex(@"(?:\b(?:in|out\s+of|near|around)|\b(?:move|moving|moved|relocate|relocating|relocated|relocation|emigrate"
        + @"|emigrating|transfer|transferring)\s+(?:back\s+)?to)\s+(?:the\s+)?$", Options, TimeoutMs)]
    private static partial Regex PlaceCue();

    [GeneratedRegex(@"^-?\s?based\b", Options, TimeoutMs)]
    private static partial Regex BasedAfter();

    // Where the user was, not where they are: "I spent 3 years in Berlin", unless a new clause starts after it.
    [GeneratedRegex(@"\b(?:worked|lived|studied|grew\s+up|born|visited|was|were|spent|traveled|travelled|vacation|holiday|trip)\b"
        + @"(?:(?!\b(?:but|and|now)\b)[^,;])*$", Options, TimeoutMs)]
    private static partial Regex PastPlace();

    public static ProfileFact<string>? Read(MessageText text)
    {
        var view = text.Intent;
        ProfileFact<string>? current = null;
        foreach (var (place, inferred) in Places(view))
        {
            var sentence = text.SentenceAt(place.Index);
            var before = view[Math.Max(sentence.Start, place.Index - 40)..place.Index];
            var cue = PlaceCue().Match(before);
            var cueStart = cue.Success ? place.Index - before.Length + cue.Index : place.Index;
            if ((!cue.Success && !BasedAfter().IsMatch(view.AsSpan(place.End)))
                || PastPlace().IsMatch(before)
                || !text.IsAboutUser(view, cueStart))
            {
                continue;
            }

            var fact = new ProfileFact<string>(place.Canonical, text.Span(cueStart, place.End), inferred);
            if (text.IsAspiration(place.Index))
            {
                return fact;
            }

            current ??= fact;
        }

        return current;
    }

    private static IEnumerable<(LexiconMatch Place, bool Inferred)> Places(string view) =>
        PlaceLexicon.Countries.Matches(view, 0, view.Length).Select(m => (m, false))
            .Concat(PlaceLexicon.Cities.Matches(view, 0, view.Length).Select(m => (m, true)))
            .OrderBy(p => p.Item1.Index);
}
