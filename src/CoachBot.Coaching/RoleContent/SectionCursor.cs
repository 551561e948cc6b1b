using System.Collections.Immutable;

namespace CoachBot.Coaching.RoleContent;

/// <summary>Reads the non-blank lines of one section (or one subsection) in order, reporting lines that do not belong.</summary>
internal sealed class SectionCursor(IReadOnlyList<PageLine> lines, SectionProblems problems)
{
    private int _index;

    public SectionProblems Problems { get; } = problems;

    public bool AtEnd => _index >= lines.Count;

    public PageLine Current => lines[_index];

    /// <summary>The line number of the current line, or of the last line at the end.</summary>
    public int LineNumber => lines.Count == 0 ? 0 : lines[Math.Min(_index, lines.Count - 1)].Number;

    public PageLine Take() => lines[_index++];

    /// <summary>Takes consecutive lines of one kind.</summary>
    public ImmutableArray<PageLine> TakeAll(LineKind kind)
    {
        var taken = ImmutableArray.CreateBuilder<PageLine>();
        while (!AtEnd && Current.Kind == kind)
        {
            taken.Add(Take());
        }

        return taken.ToImmutable();
    }

    /// <summary>Takes every remaining line of one kind, reporting each line of another kind as out of place.</summary>
    public ImmutableArray<PageLine> TakeOnly(LineKind kind, string where)
    {
        var taken = ImmutableArray.CreateBuilder<PageLine>();
        while (!AtEnd)
        {
            var line = Take();
            if (line.Kind == kind)
            {
                taken.Add(line);
            }
            else
            {
                Problems.Add(line.Number, $"unexpected {line.Describe()} in {where}");
            }
        }

        return taken.ToImmutable();
    }

    /// <summary>Takes the lines up to the next subheading, as a cursor of their own.</summary>
    public SectionCursor TakeSubsection()
    {
        var start = _index;
        while (!AtEnd && Current.Kind != LineKind.Subheading)
        {
            _index++;
        }

        return new SectionCursor([.. lines.Skip(start).Take(_index - start)], Problems);
    }

    /// <summary>Takes the label line and the bullets right after it, reporting a missing label or a bullet count outside the range.</summary>
    public ImmutableArray<string> TakeLabeledList(string label, int min, int max, string owner) =>
        [.. TakeLabeledLines(label, min, max, owner).Select(b => b.Text)];

    /// <summary>Like <see cref="TakeLabeledList"/>, keeping the bullet lines.</summary>
    public ImmutableArray<PageLine> TakeLabeledLines(string label, int min, int max, string owner)
    {
        if (AtEnd || !Current.IsLabel(label))
        {
            Problems.Add(LineNumber, $"{owner} needs a '{label}:' line here, found {(AtEnd ? "the end of the section" : "the " + Current.Describe())}");
            return [];
        }

        var labelLine = Take();
        var bullets = TakeAll(LineKind.Bullet);
        CheckCount(bullets.Length, min, max, $"'{label}:' in {owner}", labelLine.Number);
        return bullets;
    }

    /// <summary>Takes consecutive bullets, reporting a count outside [min, max].</summary>
    public ImmutableArray<string> TakeBullets(int min, int max, string owner, int? line = null)
    {
        var bullets = TakeAll(LineKind.Bullet);
        CheckCount(bullets.Length, min, max, owner, line ?? LineNumber);
        return [.. bullets.Select(b => b.Text)];
    }

    /// <summary>Reports every remaining line as out of place.</summary>
    public void RejectRest(string where)
    {
        while (!AtEnd)
        {
            var line = Take();
            Problems.Add(line.Number, $"unexpected {line.Describe()} in {where}");
        }
    }

    private void CheckCount(int count, int min, int max, string owner, int line)
    {
        if (count < min || count > max)
        {
            Problems.Add(line, $"{owner} has {count} {(count == 1 ? "bullet" : "bullets")}; {min}–{max} are required");
        }
    }
}
