using CoachBot.Conversations;

namespace CoachBot.Coaching.Grounding;

// Citation markers: recognising "[1]", "[1][2]", "[1, 2]" and "[1,3]", and rewriting them against the numbered sources.
public sealed partial class ReplyPostProcessor
{
    /// <summary>
    /// Where the marker starting at <paramref name="start"/> ends (after its "]"); 0 when it is not a marker; -1 when
    /// that cannot be told yet.
    /// </summary>
    private static int MarkerEnd(ReadOnlySpan<char> text, int start, bool final)
    {
        var digits = false;
        for (var k = start + 1; k < text.Length && k - start <= MarkerCap; k++)
        {
            var c = text[k];
            if (c == ']')
            {
                return digits && IsNumberList(text[(start + 1)..k]) ? k + 1 : 0;
            }

            if (char.IsAsciiDigit(c))
            {
                digits = true;
            }
            else if (c is not (',' or ' '))
            {
                return 0;
            }
        }

        return text.Length - start > MarkerCap || final ? 0 : -1;
    }

    /// <summary>"1", "1,3", "1, 2": numbers separated by commas, spaces only around them.</summary>
    private static bool IsNumberList(ReadOnlySpan<char> inside)
    {
        foreach (var part in inside.Split(','))
        {
            var number = inside[part].Trim(' ');
            if (number.Length == 0 || number.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Rewrites a marker: known numbers renumbered in order of first use, unknown ones dropped and flagged.</summary>
    private void WriteMarker(ReadOnlySpan<char> text, int start, int end, ref int copied, ref bool rewritten)
    {
        var inside = text[(start + 1)..(end - 1)];
        Span<int> kept = stackalloc int[MarkerCap];
        var count = 0;
        var unchanged = true;
        foreach (var part in inside.Split(','))
        {
            var written = inside[part].Trim(' ');
            var known = int.TryParse(written, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && number >= 1 && number <= _sources.Length;
            if (!known)
            {
                _flags.Add(new GroundingFlag(GroundingCheck.CitationKind, $"[{written}]", Removed));
                unchanged = false;
                continue;
            }

            var renumbered = Renumber(number);
            if (kept[..count].Contains(renumbered))
            {
                unchanged = false;
                continue;
            }

            unchanged &= renumbered == number;
            kept[count++] = renumbered;
        }

        if (unchanged && !_spaceOwed)
        {
            return;
        }

        // A marker with nothing left goes together with the space that set it off from the sentence; when a kept marker
        // follows right after ("[9][3]"), that space is given back to it.
        var from = count == 0 && start > copied && text[start - 1] == ' ' ? start - 1 : start;
        _output.Append(text[copied..from]);
        if (count == 0)
        {
            _spaceOwed |= from < start;
        }
        else
        {
            if (_spaceOwed)
            {
                _output.Append(' ');
                _spaceOwed = false;
            }

            var separator = inside.Contains(", ", StringComparison.Ordinal) ? ", " : ",";
            _output.Append('[');
            for (var k = 0; k < count; k++)
            {
                _output.Append(k == 0 ? "" : separator).Append(kept[k]);
            }

            _output.Append(']');
        }

        copied = end;
        rewritten = true;
    }

    private int Renumber(int number)
    {
        if (_numbers[number - 1] == 0)
        {
            _used.Add(number - 1);
            _numbers[number - 1] = _used.Count;
        }

        return _numbers[number - 1];
    }
}
