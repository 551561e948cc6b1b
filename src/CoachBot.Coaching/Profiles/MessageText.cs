using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// A user's message split into sentences, with the parts that assert nothing about the user blanked out: questions,
/// hypotheticals, negations, reported speech and statements about other people. Blanked text is replaced by spaces, so
/// positions in every view are positions in the original message and spans stay exact.
/// </summary>
internal sealed partial class MessageText
{
    /// <summary>Longer messages are read up to this many characters.</summary>
    public const int MaxLength = 4000;

    private readonly List<(int Start, int End)> _sentences;
    private readonly bool[] _aspiration;

    public MessageText(string message)
    {
        Original = message.Length > MaxLength ? message[..MaxLength] : message;
        Normalized = Normalize(Original);
        _sentences = SplitSentences(Normalized);

        var unasserted = new bool[Normalized.Length];
        _aspiration = new bool[Normalized.Length];
        var past = new bool[Normalized.Length];
        foreach (var sentence in _sentences)
        {
            MaskQuestion(sentence, unasserted);
        }

        MaskScopes(HypotheticalCue(), unasserted, Scope.Hard | Scope.Comma | Scope.Contrast | Scope.Restart);
        MaskScopes(ReportedCue(), unasserted, Scope.Hard);
        MaskScopes(IndirectQuestionCue(), unasserted, Scope.Hard);
        MaskScopes(OtherPersonCue(), unasserted, Scope.Hard | Scope.Contrast | Scope.Restart);
        MaskScopes(RelativeCue(), unasserted, Scope.Hard | Scope.Comma | Scope.Contrast | Scope.Restart);
        MaskScopes(NegationCue(), unasserted, Scope.Hard | Scope.Contrast | Scope.Restart);
        MaskScopes(AspirationCue(), _aspiration, Scope.Hard | Scope.Contrast | Scope.Restart);
        MaskScopes(PastCue(), past, Scope.Hard | Scope.Comma | Scope.Contrast | Scope.Restart);

        Intent = Blank(unasserted, past);
        Present = Blank(unasserted, past, _aspiration);
    }

    [Flags]
    private enum Scope
    {
        Hard = 1,
        Comma = 2,
        Contrast = 4,
        Restart = 8,
    }

    /// <summary>The message as received (cut at <see cref="MaxLength"/>).</summary>
    public string Original { get; }

    /// <summary>The message with typographic quotes and dashes made plain (<see cref="Normalize"/>); same length as <see cref="Original"/>.</summary>
    public string Normalized { get; }

    /// <summary>What the user asserts, including what they want: for target roles, goals and regions.</summary>
    public string Intent { get; }

    /// <summary>What the user asserts is true now: for experience, titles, skills and certifications.</summary>
    public string Present { get; }

    /// <summary>The original text between two positions, trimmed.</summary>
    public string Span(int start, int end) => Original[start..end].Trim().TrimEnd('.', ',', ';', ':', '!');

    /// <summary>Whether a position lies in a statement of what the user wants.</summary>
    public bool IsAspiration(int index) => _aspiration[index];

    /// <summary>The sentence around a position.</summary>
    public (int Start, int End) SentenceAt(int index)
    {
        foreach (var sentence in _sentences)
        {
            if (index < sentence.End)
            {
                return sentence;
            }
        }

        return (Normalized.Length, Normalized.Length);
    }

    /// <summary>
    /// Whether what is said at <paramref name="index"/> is said about the user: the sentence has "I" or "my" before it,
    /// the clause starts with it ("5+ yrs"), or the sentence is a verbless fragment ("Backend dev with 5 years, Munich").
    /// Statements about others are blanked already; this keeps general statements ("Senior roles require 5 years") out.
    /// </summary>
    public bool IsAboutUser(string view, int index)
    {
        var sentence = SentenceAt(index);
        if (index <= sentence.Start)
        {
            return true;
        }

        if (FirstPerson().IsMatch(view.AsSpan(sentence.Start, index - sentence.Start)))
        {
            return true;
        }

        var clauseStart = index;
        while (clauseStart > sentence.Start && view[clauseStart - 1] is not (',' or ';' or ':' or '('))
        {
            clauseStart--;
        }

        return FragmentStart().IsMatch(view.AsSpan(clauseStart, index - clauseStart))
            || !Verb().IsMatch(Normalized.AsSpan(sentence.Start, sentence.End - sentence.Start));
    }

    /// <summary>The end of the clause that starts at <paramref name="from"/>: before "but", ", I ...", ";" or the sentence end.</summary>
    public int ClauseEnd(int from) => ClauseEnd(from, SentenceAt(from).End, Scope.Hard | Scope.Contrast | Scope.Restart);

    private int ClauseEnd(int from, int sentenceEnd, Scope scope)
    {
        var end = sentenceEnd;
        var semicolon = Normalized.IndexOf(';', from, sentenceEnd - from);
        if (semicolon >= 0)
        {
            end = semicolon;
        }

        if (scope.HasFlag(Scope.Comma))
        {
            var comma = Normalized.IndexOf(',', from, end - from);
            end = comma >= 0 ? comma : end;
        }

        if (scope.HasFlag(Scope.Contrast) && ContrastBoundary().Match(Normalized, from, end - from) is { Success: true } contrast)
        {
            end = contrast.Index;
        }

        if (scope.HasFlag(Scope.Restart) && RestartBoundary().Match(Normalized, from, end - from) is { Success: true } restart)
        {
            end = restart.Index;
        }

        return end;
    }

    private void MaskQuestion((int Start, int End) sentence, bool[] mask)
    {
        var text = Normalized[sentence.Start..sentence.End];
        if (InterrogativeStart().IsMatch(text))
        {
            Array.Fill(mask, true, sentence.Start, sentence.End - sentence.Start);
        }
        else if (text.TrimEnd().EndsWith('?'))
        {
            var split = QuestionClause().Match(text);
            var from = split.Success ? sentence.Start + split.Index : sentence.Start;
            Array.Fill(mask, true, from, sentence.End - from);
        }
    }

    private void MaskScopes(Regex cue, bool[] mask, Scope scope)
    {
        foreach (Match match in cue.Matches(Normalized))
        {
            var sentence = SentenceAt(match.Index);
            var end = ClauseEnd(match.Index + match.Length, sentence.End, scope);
            Array.Fill(mask, true, match.Index, Math.Max(0, end - match.Index));
        }
    }

    private string Blank(params bool[][] masks)
    {
        var chars = Normalized.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (masks.Any(m => m[i]))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    internal static string Normalize(string text) => string.Create(text.Length, text, static (chars, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            chars[i] = source[i] switch
            {
                '\u2018' or '\u2019' or '\u02BC' or '`' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u2013' or '\u2014' or '\u2212' => '-',
                '\u00A0' or '\t' => ' ',
                var c => c,
            };
        }
    });

    private static List<(int Start, int End)> SplitSentences(string text)
    {
        var sentences = new List<(int Start, int End)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '?' or '!' or '\u2026' || (text[i] == '.' && EndsSentence(text, i)))
            {
                while (i + 1 < text.Length && text[i + 1] is '?' or '!' or '.' or '\u2026')
                {
                    i++;
                }

                Add(start, i + 1);
                start = i + 1;
            }
        }

        Add(start, text.Length);
        return sentences;

        void Add(int from, int to)
        {
            while (from < to && char.IsWhiteSpace(text[from]))
            {
                from++;
            }

            if (from < to)
            {
                sentences.Add((from, to));
            }
        }
    }

    private static bool EndsSentence(string text, int period)
    {
        if (period + 1 < text.Length && !char.IsWhiteSpace(text[period + 1]))
        {
            return false;
        }

        var start = period;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }

        return text[start..period].ToUpperInvariant() is not ("SR" or "JR" or "E.G" or "I.E" or "ETC" or "VS" or "APPROX"
            or "MR" or "MS" or "MRS" or "DR" or "ST" or "U.S" or "U.K" or "U.S.A" or "D.C");
    }
}
