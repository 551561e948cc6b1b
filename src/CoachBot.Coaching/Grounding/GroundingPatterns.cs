using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Grounding;

/// <summary>
/// How salary figures and certification names look in a reply: shared by the whole-text <see cref="GroundingCheck"/> and
/// the streaming <see cref="ReplyPostProcessor"/>, so both judge the same constructs the same way.
/// </summary>
internal static partial class GroundingPatterns
{
    /// <summary>What a word that may open a figure or a certification name is.</summary>
    public enum WordKind
    {
        None,

        /// <summary>A currency code ("USD"): opens a salary figure.</summary>
        Currency,

        /// <summary>A vendor's first word or "Certified": opens a certification name.</summary>
        CertificationStart,

        /// <summary>A certification acronym ("CKA"): a certification name on its own.</summary>
        Acronym,
    }

    // Kept in step with the alternatives of MoneyPhrase and CertificationName: a word listed here is where the streaming
    // post-processor starts holding text back, so a construct the patterns know must start with one of these words.
    private static readonly string[] CurrencyCodes = ["USD", "EUR", "GBP", "CAD", "INR"];

    private static readonly string[] CertificationStarts =
    [
        "AWS", "Amazon", "Microsoft", "Azure", "Google", "GCP", "Oracle", "Cisco", "CompTIA", "HashiCorp", "Databricks", "Snowflake",
        "Meta", "Red", "Salesforce", "ISTQB", "Scrum", "PMI", "Certified",
    ];

    private static readonly string[] Acronyms =
    [
        "CKA", "CKAD", "CKS", "PMP", "CAPM", "CSPO", "CSM", "PSM", "PSPO", "CISSP", "CISM", "CISA", "CCSP", "OSCP", "CEH", "CCNA", "CCNP",
        "RHCE", "RHCSA", "CTFL", "CPMAI", "SAFe",
    ];

    private static readonly FrozenDictionary<string, WordKind> Words = CurrencyCodes.Select(w => (w, WordKind.Currency))
        .Concat(CertificationStarts.Select(w => (w, WordKind.CertificationStart)))
        .Concat(Acronyms.Select(w => (w, WordKind.Acronym)))
        .ToFrozenDictionary(p => p.w, p => p.Item2, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, WordKind>.AlternateLookup<ReadOnlySpan<char>> WordLookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The kind of a whole word (letters and digits only), case-sensitive as the patterns are. A currency code written
    /// against its amount ("USD400") opens a figure too.
    /// </summary>
    public static WordKind KindOf(ReadOnlySpan<char> word) =>
        WordLookup.TryGetValue(word, out var kind) ? kind
        : IsCodeWithAmount(word) ? WordKind.Currency
        : WordKind.None;

    /// <summary>Whether a word that is still being written could turn out to be one of the listed words.</summary>
    public static bool MayBecomeListedWord(ReadOnlySpan<char> start)
    {
        if (IsCodeWithAmount(start))
        {
            return true;
        }

        foreach (var word in Words.Keys)
        {
            if (word.AsSpan().StartsWith(start, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCodeWithAmount(ReadOnlySpan<char> word) =>
        word.Length > 3 && char.IsAsciiDigit(word[3]) && WordLookup.TryGetValue(word[..3], out var kind) && kind == WordKind.Currency;

    public static bool IsAcronym(string name) => KindOf(name) == WordKind.Acronym;

    /// <summary>Whether a number as written looks like a salary amount ("110,000", "65.000", "145k") rather than a count or a year.</summary>
    public static bool LooksLikeAmount(ReadOnlySpan<char> number) => AmountShape().IsMatch(number);

    /// <summary>Amounts in whole currency units: "110,000" → 110000, "145k" → 145000.</summary>
    public static IEnumerable<long> Amounts(string text)
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

    // An amount written before its currency: the "k" is attached, so "in 30 days" or "10 years" never opens a figure.
    private const string Number = @"(?:\d{1,3}(?:[,.]\d{3})+|\d{2,3}[kK])";
    private const string Range = @"(?:\s?(?:–|-|to)\s?";

    // A currency followed by an amount, optionally a range ("USD 110,000–145,000", "$120k-$150k", "€65,000"), or an amount
    // (or range) followed by its currency ("145k USD", "110,000–145,000 USD", "65.000 €").
    [GeneratedRegex(
        @"(?:\b(?:USD|EUR|GBP|CAD|INR)\s?|[$€£]\s?)\d{1,3}(?:[,.]\d{3})+(?:\s?[kK])?(?:\s?(?:–|-|to)\s?(?:[$€£]\s?)?\d{1,3}(?:[,.]\d{3})*(?:\s?[kK])?)?"
        + @"|(?:\b(?:USD|EUR|GBP|CAD|INR)\s?|[$€£]\s?)\d{2,3}\s?[kK]\b(?:\s?(?:–|-|to)\s?(?:[$€£]\s?)?\d{2,3}\s?[kK]\b)?"
        + @"|\b" + Number + Range + Number + @")?\s?(?:(?:USD|EUR|GBP|CAD|INR)\b|[$€£])")]
    public static partial Regex MoneyPhrase();

    [GeneratedRegex(@"(?<number>\d{1,3}(?:[,.]\d{3})+|\d{2,3})(?<k>\s?[kK]\b)?")]
    private static partial Regex Amount();

    [GeneratedRegex(@"^(?:\d{1,3}(?:[,.]\d{3})+|\d{2,3}[kK])$")]
    private static partial Regex AmountShape();

    // Vendor-led names ("AWS Certified Developer – Associate", "Google Professional Data Engineer") and "Certified X" names.
    [GeneratedRegex(@"\b(?:(?:AWS|Amazon Web Services|Microsoft|Azure|Google(?: Cloud)?|GCP|Oracle|Cisco|CompTIA|HashiCorp|Databricks|Snowflake|Meta|Red Hat|Salesforce|ISTQB|Scrum Alliance|PMI)\s(?:Certified\s)?[A-Z][\w/:–-]*(?:\s(?:[A-Z][\w/:–-]*|–|-|and|of)){0,6}\s(?:Associate|Professional|Specialty|Expert|Practitioner|Administrator|Engineer|Developer|Architect|Analyst|Certificate|Certification|Level))|\bCertified\s[A-Z]\w+(?:\s[A-Z]\w+){0,4}")]
    public static partial Regex CertificationName();

    // Words that might be certification acronyms; only those in the list count.
    [GeneratedRegex(@"\b[A-Za-z]{3,5}\b")]
    public static partial Regex ShortWord();
}
