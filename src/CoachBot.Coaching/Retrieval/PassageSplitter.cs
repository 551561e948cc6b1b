namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// Splits a section into passages short enough for the embedding model. Lines (paragraphs, labels and bullets)
/// are kept whole and packed greedily up to the word limit; each new passage repeats the previous passage's last
/// line when it is short (so a label such as "Milestones:" stays with its bullets) and starts with the current
/// sub-heading (so "Practice questions" still says which level they are for). A single line over the limit is
/// cut into overlapping word windows.
/// </summary>
internal static class PassageSplitter
{
    public static List<string> Split(string text, int maxWords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 8);
        var passages = new List<string>();
        var current = new List<Line>();
        var hasNewContent = false;
        Line? heading = null;

        foreach (var line in ReadLines(text, maxWords))
        {
            if (line.IsHeading)
            {
                Flush();
                heading = line;
                current.Add(line);
                continue;
            }

            if (hasNewContent && WordCount(current) + line.Words > maxWords)
            {
                var previous = current[^1];
                Flush();
                if (heading is { } h)
                {
                    current.Add(h);
                }

                if (!previous.IsHeading && previous.Words <= maxWords / 3 && WordCount(current) + previous.Words + line.Words <= maxWords)
                {
                    current.Add(previous);
                }
            }

            current.Add(line);
            hasNewContent = true;
        }

        Flush();
        return passages;

        void Flush()
        {
            if (hasNewContent)
            {
                passages.Add(string.Join('\n', current.Select(l => l.Text)));
            }

            current.Clear();
            hasNewContent = false;
        }
    }

    private static int WordCount(List<Line> lines) => lines.Sum(l => l.Words);

    private static IEnumerable<Line> ReadLines(string text, int maxWords)
    {
        foreach (var raw in text.Split('\n'))
        {
            var trimmed = raw.Replace("**", "", StringComparison.Ordinal).Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var isHeading = trimmed.StartsWith('#');
            var clean = isHeading ? trimmed.TrimStart('#').Trim() : trimmed;
            var words = clean.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length <= maxWords)
            {
                yield return new Line(clean, words.Length, isHeading);
                continue;
            }

            // Overlapping windows, each repeating the last quarter of the one before; a window leaves a quarter
            // of the limit free for the sub-heading and the overlap line that may precede it.
            var size = maxWords - (maxWords / 4);
            var step = size - (size / 4);
            for (var start = 0; start < words.Length; start += step)
            {
                var window = words.Skip(start).Take(size).ToArray();
                yield return new Line(string.Join(' ', window), window.Length, false);
                if (start + size >= words.Length)
                {
                    break;
                }
            }
        }
    }

    private readonly record struct Line(string Text, int Words, bool IsHeading);
}
