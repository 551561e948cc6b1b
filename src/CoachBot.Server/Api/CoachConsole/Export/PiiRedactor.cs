using System.Text;
using System.Text.RegularExpressions;
using CoachBot.Profiles;
using PhoneNumbers;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>
/// Replaces personal details in free text with a tag: email addresses, phone numbers, people's names, employers and
/// salary figures. Pure: no I/O and no state beyond the names and employers it was given or learned, so the same text
/// always redacts the same way. Ids (users, conversations, turns) and role-content passages are not its business: the
/// export keeps them as they are.
/// </summary>
/// <remarks>
/// Every detector finds its spans in the original text; the spans are then taken in detector order (email, salary,
/// phone, known names and employers, name cues, employer cues) and a span overlapping one already taken is dropped, so
/// no detector ever sees another's tag and a digit run inside an email is never a phone number.
/// </remarks>
internal sealed partial class PiiRedactor
{
    public const string EmailTag = "[email]";
    public const string PhoneTag = "[phone]";
    public const string NameTag = "[name]";
    public const string EmployerTag = "[employer]";
    public const string SalaryTag = "[salary]";

    /// <summary>Numbers written without a country code are read as numbers of these regions.</summary>
    private static readonly string[] PhoneRegions = ["US", "GB", "DE", "IN"];

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private readonly Regex? _knownNames;
    private readonly Regex? _knownEmployers;

    /// <summary>A redactor that also replaces every occurrence of the given names and employers (matched as whole words, case as written).</summary>
    public PiiRedactor(IEnumerable<string>? names = null, IEnumerable<string>? employers = null)
    {
        _knownNames = Alternation(NameTerms(names ?? []));
        _knownEmployers = Alternation(EmployerTerms(employers ?? []));
    }

    /// <summary>
    /// A redactor for one conversation: it knows the given names and employers and those the texts introduce ("my name is
    /// Priya Raman", "I work at Globex"), so a name given once is also replaced where a later message repeats it alone.
    /// </summary>
    public static PiiRedactor ForConversation(IEnumerable<string> texts, IEnumerable<string> names, IEnumerable<string> employers)
    {
        var learnedNames = new List<string>(names);
        var learnedEmployers = new List<string>(employers);
        foreach (var text in texts)
        {
            learnedNames.AddRange(NameSpans(text).Select(span => text[span.Start..span.End]));
            learnedEmployers.AddRange(EmployerSpans(text).Select(span => text[span.Start..span.End]));
        }

        return new PiiRedactor(learnedNames, learnedEmployers);
    }

    /// <summary>The text with every personal detail found replaced by its tag.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var taken = new List<Span>();
        Take(taken, EmailPattern().Matches(text).Select(m => new Span(m.Index, m.Index + m.Length, EmailTag)));
        Take(taken, SalarySpans(text));
        Take(taken, PhoneSpans(text));
        Take(taken, KnownSpans(_knownNames, text, NameTag));
        Take(taken, KnownSpans(_knownEmployers, text, EmployerTag));
        Take(taken, NameSpans(text));
        Take(taken, EmployerSpans(text));
        if (taken.Count == 0)
        {
            return text;
        }

        taken.Sort((a, b) => a.Start.CompareTo(b.Start));
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var span in taken)
        {
            result.Append(text, at, span.Start - at).Append(span.Tag);
            at = span.End;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Null stays null.</summary>
    public string? RedactOptional(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// The profile with its free text redacted: target role, current title, goals, certifications and what each piece
    /// of evidence quoted. Field names, sources, levels, regions, numbers and times are kept.
    /// </summary>
    public CareerProfile Redact(CareerProfile profile) => profile with
    {
        TargetRole = RedactOptional(profile.TargetRole),
        CurrentTitle = RedactOptional(profile.CurrentTitle),
        Goals = [.. profile.Goals.Select(Redact)],
        Certifications = [.. profile.Certifications.Select(Redact)],
        Skills = [.. profile.Skills.Select(skill => skill with { Name = Redact(skill.Name), Evidence = [.. skill.Evidence.Select(Redact)] })],
        Evidence = [.. profile.Evidence.Select(Redact)],
    };

    private ProfileEvidence Redact(ProfileEvidence evidence) => evidence with { Value = Redact(evidence.Value) };

    private static void Take(List<Span> taken, IEnumerable<Span> found)
    {
        foreach (var span in found)
        {
            if (span.End > span.Start && !taken.Exists(t => t.Start < span.End && span.Start < t.End))
            {
                taken.Add(span);
            }
        }
    }

    /// <summary>
    /// Figures with a currency are always salary-like; bare figures ("85,000", "120k", "90000") only when a pay word
    /// (salary, earn, paid, make, offer, compensation, base, bonus, ...) stands in the same sentence close by, so years,
    /// levels and counts ("5 years", "2019") stay.
    /// </summary>
    private static IEnumerable<Span> SalarySpans(string text)
    {
        foreach (Match match in CurrencyAmountPattern().Matches(text))
        {
            yield return new Span(match.Index, match.Index + match.Length, SalaryTag);
        }

        foreach (Match match in BareFigurePattern().Matches(text))
        {
            if (NearPayWord(text, match.Index, match.Index + match.Length))
            {
                yield return new Span(match.Index, match.Index + match.Length, SalaryTag);
            }
        }
    }

    private static bool NearPayWord(string text, int start, int end)
    {
        const int Reach = 60;
        var from = Math.Max(0, start - Reach);
        var to = Math.Min(text.Length, end + Reach);
        // Stay within the sentence: a pay word of the previous or next sentence says nothing about this figure.
        for (var i = start - 1; i >= from; i--)
        {
            if (SentenceEndsAt(text, i))
            {
                from = i + 1;
                break;
            }
        }

        for (var i = end; i < to; i++)
        {
            if (SentenceEndsAt(text, i))
            {
                to = i;
                break;
            }
        }

        return PayWordPattern().IsMatch(text.AsSpan(from, to - from));
    }

    private static bool SentenceEndsAt(string text, int i) =>
        text[i] is '\n' or '!' or '?' || (text[i] == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));

    /// <summary>Valid numbers of any of <see cref="PhoneRegions"/>, and any number written with a country code.</summary>
    private static IEnumerable<Span> PhoneSpans(string text)
    {
        if (!text.Any(char.IsAsciiDigit))
        {
            return [];
        }

        var spans = new List<Span>();
        foreach (var region in PhoneRegions)
        {
            foreach (var match in Phones.FindNumbers(text, region, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
            {
                spans.Add(new Span(match.Start, match.Start + match.Length, PhoneTag));
            }
        }

        // A number with its country code is meant as a phone number even where the metadata does not know its range.
        foreach (var match in Phones.FindNumbers(text, PhoneRegions[0], PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue))
        {
            if (match.RawString.StartsWith('+'))
            {
                spans.Add(new Span(match.Start, match.Start + match.Length, PhoneTag));
            }
        }

        // The widest reading of a number first, so "+44 20 7946 0958" is not cut to its national part.
        return spans.OrderBy(s => s.Start).ThenByDescending(s => s.End);
    }

    private static IEnumerable<Span> KnownSpans(Regex? known, string text, string tag) =>
        known is null ? [] : known.Matches(text).Select(m => new Span(m.Index, m.Index + m.Length, tag));

    /// <summary>Names a person gives ("my name is", "I'm", "call me"), and signatures under a sign-off or after a dash.</summary>
    private static IEnumerable<Span> NameSpans(string text)
    {
        foreach (var pattern in (Regex[])[IntroducedNamePattern(), SelfNamePattern(), SignatureAfterSignOffPattern(), SignatureLinePattern(), SignOffWithNamePattern()])
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (Trim(match.Groups["name"], NotNameWords, dropLeading: false) is { } span)
                {
                    yield return span with { Tag = NameTag };
                }
            }
        }
    }

    /// <summary>Employers named after a work cue ("worked at", "joined", "my job at") or before "laid me off".</summary>
    private static IEnumerable<Span> EmployerSpans(string text)
    {
        foreach (var pattern in (Regex[])[EmployedAtPattern(), JoinedOrLeftPattern(), LetGoByPattern()])
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (Trim(match.Groups["org"], NotEmployerWords, dropLeading: true) is { } span)
                {
                    yield return span with { Tag = EmployerTag };
                }
            }
        }
    }

    /// <summary>
    /// The capitalised words of a match cut at the first word that only looks like a name because of its capital
    /// ("Priya Data Engineer" → "Priya"). Such words in front are dropped when <paramref name="dropLeading"/> ("Then
    /// Globex" → "Globex"), and otherwise mean the match was no name at all ("I'm Senior Engineer"); null when nothing is left.
    /// </summary>
    private static Span? Trim(Group group, HashSet<string> stopWords, bool dropLeading)
    {
        if (!group.Success)
        {
            return null;
        }

        var words = WordPattern().Matches(group.Value).ToList();
        var first = words.FindIndex(w => !stopWords.Contains(w.Value));
        if (first < 0 || (first > 0 && !dropLeading))
        {
            return null;
        }

        var last = first;
        while (last + 1 < words.Count && !stopWords.Contains(words[last + 1].Value))
        {
            last++;
        }

        var start = group.Index + words[first].Index;
        var end = group.Index + words[last].Index + words[last].Length;
        return new Span(start, end, string.Empty);
    }

    /// <summary>A full name, and each of its words that is not also a common word ("Will", "May") or a title ("Coach").</summary>
    private static IEnumerable<string> NameTerms(IEnumerable<string> names)
    {
        foreach (var name in names.Select(n => n.Trim()).Where(n => n.Length > 1))
        {
            yield return name;
            foreach (Match word in WordPattern().Matches(name))
            {
                if (word.Length > 1 && char.IsUpper(word.Value[0]) && !NotNameWords.Contains(word.Value) && !CommonWordNames.Contains(word.Value))
                {
                    yield return word.Value;
                }
            }
        }
    }

    private static IEnumerable<string> EmployerTerms(IEnumerable<string> employers) =>
        employers.Select(e => e.Trim()).Where(e => e.Length > 1 && !NotEmployerWords.Contains(e));

    /// <summary>One case-sensitive pattern matching any of the terms as whole words, longest first; null without terms.</summary>
    private static Regex? Alternation(IEnumerable<string> terms)
    {
        var distinct = terms.Distinct(StringComparer.Ordinal).OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).ToList();
        return distinct.Count == 0
            ? null
            : new Regex(
                @"(?<![\p{L}\p{N}])(?:" + string.Join('|', distinct.Select(Regex.Escape)) + @")(?![\p{L}\p{N}])",
                RegexOptions.CultureInvariant,
                TimeSpan.FromMilliseconds(TimeoutMs));
    }

    private readonly record struct Span(int Start, int End, string Tag);
}
