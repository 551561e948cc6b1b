using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;

namespace CoachBot.Coaching.Grounding;

/// <summary>
/// Checks that the salary figures and certification names in a reply come from the role content it was grounded in.
/// What cannot be traced is flagged in the turn's metadata (the text has already streamed to the user by then).
/// </summary>
public static partial class GroundingCheck
{
    public const string SalaryKind = "salary";
    public const string CertificationKind = "certification";
    public const string Flagged = "flagged";

    public static ImmutableArray<GroundingFlag> Check(string reply, IEnumerable<RoleSection> sections)
    {
        var content = string.Join('\n', sections.Select(s => s.Text));
        var flags = ImmutableArray.CreateBuilder<GroundingFlag>();

        var knownAmounts = Amounts(content).ToHashSet();
        foreach (Match money in MoneyPhrase().Matches(reply))
        {
            if (Amounts(money.Value).Any(amount => !knownAmounts.Contains(amount)))
            {
                flags.Add(new GroundingFlag(SalaryKind, money.Value.Trim(), Flagged));
            }
        }

        foreach (var name in CertificationMentions(reply).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!content.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                flags.Add(new GroundingFlag(CertificationKind, name, Flagged));
            }
        }

        return flags.ToImmutable();
    }

    /// <summary>Amounts in whole currency units: "110,000" → 110000, "145k" → 145000.</summary>
    private static IEnumerable<long> Amounts(string text)
    {
        foreach (Match match in Amount().Matches(text))
        {
            var digits = match.Groups["number"].Value.Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            yield return match.Groups["k"].Success ? value * 1000 : value;
        }
    }

    private static IEnumerable<string> CertificationMentions(string reply)
    {
        foreach (Match match in CertificationName().Matches(reply))
        {
            yield return match.Value.Trim().TrimEnd('.', ',', ';', ')');
        }

        foreach (Match match in CertificationAcronym().Matches(reply))
        {
            yield return match.Value;
        }
    }

    // A currency followed by an amount, optionally a range ("USD 110,000–145,000", "$120k-$150k", "€65,000").
    [GeneratedRegex(@"(?:\b(?:USD|EUR|GBP|CAD|INR)\s?|[$€£]\s?)\d{1,3}(?:[,.]\d{3})+(?:\s?[kK])?(?:\s?(?:–|-|to)\s?(?:[$€£]\s?)?\d{1,3}(?:[,.]\d{3})*(?:\s?[kK])?)?|(?:\b(?:USD|EUR|GBP)\s?|[$€£]\s?)\d{2,3}\s?[kK]\b(?:\s?(?:–|-|to)\s?(?:[$€£]\s?)?\d{2,3}\s?[kK]\b)?")]
    private static partial Regex MoneyPhrase();

    [GeneratedRegex(@"(?<number>\d{1,3}(?:[,.]\d{3})+|\d{2,3})(?<k>\s?[kK]\b)?")]
    private static partial Regex Amount();

    // Vendor-led names ("AWS Certified Developer – Associate", "Google Professional Data Engineer") and "Certified X" names.
    [GeneratedRegex(@"\b(?:(?:AWS|Amazon Web Services|Microsoft|Azure|Google(?: Cloud)?|GCP|Oracle|Cisco|CompTIA|HashiCorp|Databricks|Snowflake|Meta|Red Hat|Salesforce|ISTQB|Scrum Alliance|PMI)\s(?:Certified\s)?[A-Z][\w/:–-]*(?:\s(?:[A-Z][\w/:–-]*|–|-|and|of)){0,6}\s(?:Associate|Professional|Specialty|Expert|Practitioner|Administrator|Engineer|Developer|Architect|Analyst|Certificate|Certification|Level))|\bCertified\s[A-Z]\w+(?:\s[A-Z]\w+){0,4}")]
    private static partial Regex CertificationName();

    [GeneratedRegex(@"\b(?:CKA|CKAD|CKS|PMP|CAPM|CSPO|CSM|PSM|PSPO|CISSP|CCNA|CCNP|RHCE|RHCSA|CTFL|CPMAI|SAFe)\b")]
    private static partial Regex CertificationAcronym();
}
