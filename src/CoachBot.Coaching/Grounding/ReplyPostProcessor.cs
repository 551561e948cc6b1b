using System.Collections.Immutable;
using System.Text;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;

namespace CoachBot.Coaching.Grounding;

/// <summary>
/// Cleans one reply while it streams, whichever model wrote it: [n] markers are checked against the numbered sources the
/// model was given and renumbered in order of first use, and salary figures and certification names the sources do not
/// contain are replaced by a phrase saying so. What it returns is what the person reads, what is stored and what the next
/// prompt gets back; <see cref="Flags"/> lists what it took out, for coaches.
/// </summary>
/// <remarks>
/// <para>
/// <b>The hold-back window.</b> Text passes through as it arrives, except for a short tail that cannot be judged yet:
/// </para>
/// <list type="bullet">
/// <item>trailing spaces, because a marker that turns out to be unknown is removed with the space before it;</item>
/// <item>a word still being written, when it may become a word that opens a figure or a name (a digit, a currency code,
/// a vendor's first word, "Certified", an acronym); any other partial word goes out at once;</item>
/// <item>from a <c>[</c>: until the closing <c>]</c>, or until a character no marker has (then it is plain text);</item>
/// <item>from a currency symbol or code, an amount-like number ("110,000", "145k"), a vendor word or "Certified": until
/// the sentence or line ends or <see cref="WordCap"/> words have followed; the figure or name is then judged on exactly
/// that span, and everything after the construct is scanned again.</item>
/// </list>
/// <para>
/// Every decision depends only on the text, never on where the model's chunks happened to split it, so the same reply
/// always comes out the same. Most chunks leave with nothing held and are returned as they came, without copying; the
/// rest cost one string. Time to first visible text is the model's, plus at most the rest of a risky span.
/// </para>
/// <para>
/// <b>Replacing rather than dropping.</b> An ungrounded figure becomes <see cref="UnknownFigure"/> and an ungrounded
/// certification <see cref="UnconfirmedCertification"/>. Dropping them would leave sentences with holes ("expect  at
/// your level", "consider the  next") that read as mistakes and hide that something was withheld; the phrase keeps the
/// sentence readable and tells the person plainly that CoachBot cannot vouch for that detail. Unknown markers carry no
/// meaning for the reader, so they are simply removed.
/// </para>
/// </remarks>
public sealed partial class ReplyPostProcessor
{
    public const string Removed = "removed";
    public const string Replaced = "replaced";
    public const string UnknownFigure = "(I don't have that figure)";
    public const string UnconfirmedCertification = "(a certification I can't confirm)";

    /// <summary>How many words after the start of a figure or a name are enough to judge it.</summary>
    public const int WordCap = 12;

    // "[12, 3, 7]" fits; anything longer between brackets is not a citation marker.
    private const int MarkerCap = 24;

    private readonly ImmutableArray<RoleSection> _sources;
    private readonly GroundingContent _content;
    private readonly int[] _numbers;
    private readonly List<int> _used = [];
    private readonly ImmutableArray<GroundingFlag>.Builder _flags = ImmutableArray.CreateBuilder<GroundingFlag>();
    private readonly StringBuilder _output = new();
    private char[] _held = new char[128];
    private int _heldLength;
    private char _before;
    private bool _spaceOwed;
    private bool _completed;

    /// <param name="sources">The sections the model was given, in the order its [n] markers count from 1; also the only
    /// content figures and certification names may come from.</param>
    public ReplyPostProcessor(ImmutableArray<RoleSection> sources)
    {
        _sources = sources.IsDefault ? [] : sources;
        _content = new GroundingContent(_sources);
        _numbers = new int[_sources.Length];
    }

    /// <summary>The sources the cleaned reply cites, in the order of its renumbered markers.</summary>
    public ImmutableArray<Citation> Citations => [.. _used.Select(i => _sources[i].ToCitation())];

    /// <summary>What was removed or replaced so far.</summary>
    public ImmutableArray<GroundingFlag> Flags => _flags.ToImmutable();

    /// <summary>Takes the model's next piece of text and returns what can be shown now (possibly empty).</summary>
    public string Push(string delta)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The reply has already been completed.");
        }

        if (delta.Length == 0)
        {
            return "";
        }

        if (_heldLength == 0)
        {
            // The common case: nothing waiting, so the chunk is judged where it lies and usually returned as it came.
            var consumed = Scan(delta, final: false, out var rewritten);
            var shown = rewritten ? TakeOutput() : consumed == delta.Length ? delta : delta[..consumed];
            Hold(delta.AsSpan(consumed), delta.AsSpan(0, consumed));
            return shown;
        }

        EnsureCapacity(_heldLength + delta.Length);
        delta.CopyTo(0, _held, _heldLength, delta.Length);
        _heldLength += delta.Length;
        return Release(final: false);
    }

    /// <summary>The model has finished: judges what is still held, with the end of the reply closing every open span.</summary>
    public string Complete()
    {
        if (_completed)
        {
            return "";
        }

        var rest = _heldLength == 0 ? "" : Release(final: true);
        _completed = true;
        return rest;
    }

    private string Release(bool final)
    {
        var text = _held.AsSpan(0, _heldLength);
        var consumed = Scan(text, final, out var rewritten);
        var shown = rewritten ? TakeOutput() : new string(text[..consumed]);
        if (consumed > 0)
        {
            _before = text[consumed - 1];
        }

        text[consumed..].CopyTo(_held);
        _heldLength -= consumed;
        return shown;
    }

    private void Hold(ReadOnlySpan<char> rest, ReadOnlySpan<char> shown)
    {
        if (shown.Length > 0)
        {
            _before = shown[^1];
        }

        EnsureCapacity(rest.Length);
        rest.CopyTo(_held);
        _heldLength = rest.Length;
    }

    private void EnsureCapacity(int length)
    {
        if (length > _held.Length)
        {
            Array.Resize(ref _held, Math.Max(length, _held.Length * 2));
        }
    }

    private string TakeOutput()
    {
        var text = _output.ToString();
        _output.Clear();
        return text;
    }

    /// <summary>
    /// Judges <paramref name="text"/> (the held text, then what arrived) from the start and returns how much of it is
    /// decided. When <paramref name="rewritten"/> is set, <see cref="_output"/> holds the cleaned decided part; otherwise
    /// that part goes out exactly as written.
    /// </summary>
    private int Scan(ReadOnlySpan<char> text, bool final, out bool rewritten)
    {
        rewritten = false;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var previous = i > 0 ? text[i - 1] : _before;
            if (c != '[')
            {
                _spaceOwed = false;
            }

            if (c == ' ')
            {
                var next = i;
                while (next < text.Length && text[next] == ' ')
                {
                    next++;
                }

                if (next == text.Length && !final)
                {
                    return Decided(text, i, copied, ref rewritten);
                }

                i = next;
                continue;
            }

            if (c == '[')
            {
                var end = MarkerEnd(text, i, final);
                if (end < 0)
                {
                    // Undecided: the space before the bracket waits with it, in case the marker is removed.
                    return Decided(text, previous == ' ' && i - 1 >= copied ? i - 1 : i, copied, ref rewritten);
                }

                if (end == 0)
                {
                    _spaceOwed = false;
                    i++;
                    continue;
                }

                WriteMarker(text, i, end, ref copied, ref rewritten);
                i = end;
                continue;
            }

            if (c is '$' or '€' or '£')
            {
                var judged = JudgeSpan(text, i, final, money: true, ref copied, ref rewritten);
                if (judged < 0)
                {
                    return Decided(text, i, copied, ref rewritten);
                }

                i = judged == 0 ? i + 1 : judged;
                continue;
            }

            if (!char.IsLetterOrDigit(c) || char.IsLetterOrDigit(previous))
            {
                i++;
                continue;
            }

            var wordEnd = i;
            while (wordEnd < text.Length && char.IsLetterOrDigit(text[wordEnd]))
            {
                wordEnd++;
            }

            if (wordEnd == text.Length && !final)
            {
                if (char.IsDigit(c) || GroundingPatterns.MayBecomeListedWord(text[i..wordEnd]))
                {
                    return Decided(text, i, copied, ref rewritten);
                }

                // A partial word that cannot become anything risky goes out now; its rest continues a word next time.
                i = wordEnd;
                continue;
            }

            if (char.IsDigit(c))
            {
                var numberEnd = i;
                while (numberEnd < text.Length && (char.IsDigit(text[numberEnd]) || text[numberEnd] is ',' or '.' or 'k' or 'K'))
                {
                    numberEnd++;
                }

                if (numberEnd == text.Length && !final)
                {
                    return Decided(text, i, copied, ref rewritten);
                }

                if (!GroundingPatterns.LooksLikeAmount(text[i..numberEnd].TrimEnd(",.")))
                {
                    i = numberEnd;
                    continue;
                }

                var judged = JudgeSpan(text, i, final, money: true, ref copied, ref rewritten);
                if (judged < 0)
                {
                    return Decided(text, i, copied, ref rewritten);
                }

                i = judged == 0 ? numberEnd : judged;
                continue;
            }

            var kind = GroundingPatterns.KindOf(text[i..wordEnd]);
            if (kind == GroundingPatterns.WordKind.Acronym)
            {
                var acronym = new string(text[i..wordEnd]);
                if (!_content.NamesCertification(acronym))
                {
                    Replace(text, i, wordEnd, GroundingCheck.CertificationKind, acronym, UnconfirmedCertification, ref copied, ref rewritten);
                }
            }
            else if (kind != GroundingPatterns.WordKind.None)
            {
                var judged = JudgeSpan(text, i, final, money: kind == GroundingPatterns.WordKind.Currency, ref copied, ref rewritten);
                if (judged < 0)
                {
                    return Decided(text, i, copied, ref rewritten);
                }

                if (judged > 0)
                {
                    i = judged;
                    continue;
                }
            }

            i = wordEnd;
        }

        return Decided(text, text.Length, copied, ref rewritten);
    }

    /// <summary>Everything before <paramref name="end"/> is decided: finishes the cleaned copy when one was started.</summary>
    private int Decided(ReadOnlySpan<char> text, int end, int copied, ref bool rewritten)
    {
        if (rewritten)
        {
            _output.Append(text[copied..end]);
        }

        return end;
    }

    /// <summary>
    /// Judges the figure (<paramref name="money"/>) or certification name that may start at <paramref name="start"/>, on the
    /// span up to the end of its sentence or line or <see cref="WordCap"/> words. Returns where the construct ends (it was
    /// kept or replaced), 0 when there is none, -1 when the span is not complete yet.
    /// </summary>
    private int JudgeSpan(ReadOnlySpan<char> text, int start, bool final, bool money, ref int copied, ref bool rewritten)
    {
        var spanEnd = SpanEnd(text, start, final);
        if (spanEnd < 0)
        {
            return -1;
        }

        var span = text[start..spanEnd];
        var regex = money ? GroundingPatterns.MoneyPhrase() : GroundingPatterns.CertificationName();
        var length = 0;
        foreach (var match in regex.EnumerateMatches(span))
        {
            length = match.Index == 0 ? match.Length : 0;
            break;
        }

        if (!money)
        {
            length = span[..length].TrimEnd(".,;) ").Length;
        }

        if (length == 0)
        {
            return 0;
        }

        var found = new string(span[..length]);
        if (money ? !_content.HasFigure(found) : !_content.NamesCertification(found))
        {
            var kind = money ? GroundingCheck.SalaryKind : GroundingCheck.CertificationKind;
            Replace(text, start, start + length, kind, found.Trim(), money ? UnknownFigure : UnconfirmedCertification, ref copied, ref rewritten);
        }

        return start + length;
    }

    /// <summary>Where the span from <paramref name="start"/> closes: a line end, a sentence end or the word cap; -1 when not yet known.</summary>
    private static int SpanEnd(ReadOnlySpan<char> text, int start, bool final)
    {
        var words = 0;
        var inWord = false;
        for (var k = start; k < text.Length; k++)
        {
            var c = text[k];
            if (c == '\n')
            {
                return k;
            }

            if (c is '.' or '!' or '?')
            {
                // "65.000" goes on; ". " ends the sentence. A stop at the very end can only be told by what follows.
                if (k + 1 == text.Length)
                {
                    return final ? k : -1;
                }

                if (char.IsWhiteSpace(text[k + 1]))
                {
                    return k;
                }
            }

            if (char.IsWhiteSpace(c))
            {
                if (inWord && ++words == WordCap)
                {
                    return k;
                }

                inWord = false;
            }
            else
            {
                inWord = true;
            }
        }

        return final ? text.Length : -1;
    }

    private void Replace(ReadOnlySpan<char> text, int start, int end, string kind, string original, string replacement, ref int copied, ref bool rewritten)
    {
        _flags.Add(new GroundingFlag(kind, original, Replaced));
        _output.Append(text[copied..start]).Append(replacement);
        copied = end;
        rewritten = true;
    }
}
