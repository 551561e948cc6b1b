using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Reads certifications the user holds: "I just got my AWS Certified Developer – Associate", "I have the CKA",
/// "PMP certified". A certification counts only in a sentence that claims it; studying for one is a goal, not a fact.
/// </summary>
internal static partial class CertificationReader
{
    [GeneratedRegex(@"\b(?:got|gotten|have|has|hold|holding|earned|passed|completed|obtained|achieved|received|cleared|finished|took"
        + @"|certified|certification|certifications|certificate|cert|certs)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Claim();

    public static ImmutableArray<ProfileFact<string>> Read(MessageText text)
    {
        var view = text.Present;
        var found = new List<ProfileFact<string>>();
        foreach (var certification in CertificationLexicon.Instance.Matches(view, 0, view.Length))
        {
            var sentence = text.SentenceAt(certification.Index);
            var claimed = Claim().IsMatch(view.AsSpan(sentence.Start, sentence.End - sentence.Start));
            var claim = Claim().Match(view, sentence.Start, certification.Index - sentence.Start);
            var start = claim.Success ? claim.Index : certification.Index;
            if (!claimed || !text.IsAboutUser(view, start) || found.Any(f => f.Value == certification.Canonical))
            {
                continue;
            }

            found.Add(new ProfileFact<string>(certification.Canonical, text.Span(start, certification.End)));
        }

        return [.. found];
    }
}
