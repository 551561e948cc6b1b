using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;

namespace CoachBot.Coaching.Grounding;

/// <summary>
/// Lists the salary figures and certification names in a finished text that the given role content does not contain.
/// Replies are cleaned while they stream (<see cref="ReplyPostProcessor"/>); this whole-text check is for text that did
/// not come through it, and for proving that what did is clean.
/// </summary>
public static class GroundingCheck
{
    public const string SalaryKind = "salary";
    public const string CertificationKind = "certification";
    public const string CitationKind = "citation";
    public const string Flagged = "flagged";

    public static ImmutableArray<GroundingFlag> Check(string reply, IEnumerable<RoleSection> sections)
    {
        var content = new GroundingContent(sections);
        var flags = ImmutableArray.CreateBuilder<GroundingFlag>();

        foreach (Match money in GroundingPatterns.MoneyPhrase().Matches(reply))
        {
            if (!content.HasFigure(money.Value))
            {
                flags.Add(new GroundingFlag(SalaryKind, money.Value.Trim(), Flagged));
            }
        }

        foreach (var name in CertificationMentions(reply).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!content.NamesCertification(name))
            {
                flags.Add(new GroundingFlag(CertificationKind, name, Flagged));
            }
        }

        return flags.ToImmutable();
    }

    private static IEnumerable<string> CertificationMentions(string reply)
    {
        foreach (Match match in GroundingPatterns.CertificationName().Matches(reply))
        {
            yield return match.Value.Trim().TrimEnd('.', ',', ';', ')');
        }

        foreach (Match match in GroundingPatterns.ShortWord().Matches(reply))
        {
            if (GroundingPatterns.IsAcronym(match.Value))
            {
                yield return match.Value;
            }
        }
    }
}
