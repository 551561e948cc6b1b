namespace CoachBot.Coaching.RoleContent;

/// <summary>A "## " section of a page before parsing: its id, heading and raw lines.</summary>
internal sealed class RawSection(string id, string title, int headingLine)
{
    public string Id { get; } = id;

    public string Title { get; } = title;

    public int HeadingLine { get; } = headingLine;

    /// <summary>The lines after the heading, up to the next "## " heading, with their 1-based numbers.</summary>
    public List<(int Number, string Text)> Lines { get; } = [];
}

/// <summary>Splits a page body on its "## " headings and checks that all eleven sections are present once, in order.</summary>
internal static class SectionSplitter
{
    private static readonly string ExpectedOrder = string.Join(", ", RoleSectionIds.InPageOrder.Select(s => s.Heading));

    /// <summary>The known sections of the body that starts at index <paramref name="bodyStart"/>, keyed by section id.</summary>
    public static Dictionary<string, RawSection> Split(string[] lines, int bodyStart, ProblemLog log)
    {
        var sections = new Dictionary<string, RawSection>(StringComparer.Ordinal);
        var inPageOrder = new List<RawSection>();
        RawSection? current = null;
        var beforeFirstHeading = true;
        for (var i = bodyStart; i < lines.Length; i++)
        {
            var (number, text) = (i + 1, lines[i]);
            if (!text.StartsWith("## ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    current.Lines.Add((number, text));
                }
                else if (beforeFirstHeading && text.Length > 0 && !text.StartsWith("# ", StringComparison.Ordinal))
                {
                    log.Add(number, "text before the first section heading is not allowed");
                }

                continue;
            }

            beforeFirstHeading = false;
            current = null;
            var heading = text[3..];
            if (i > 0 && lines[i - 1].Length > 0)
            {
                log.Add(number, $"a blank line must come before '## {heading}'");
            }

            if (!RoleSectionIds.ByHeading.TryGetValue(heading, out var id))
            {
                log.Add(number, $"unknown section heading '## {heading}'; the sections are: {ExpectedOrder}");
            }
            else if (sections.ContainsKey(id))
            {
                log.Add(number, $"section '{heading}' appears more than once");
            }
            else
            {
                current = new RawSection(id, heading, number);
                sections.Add(id, current);
                inPageOrder.Add(current);
            }
        }

        foreach (var (heading, id) in RoleSectionIds.InPageOrder)
        {
            if (!sections.ContainsKey(id))
            {
                log.Add($"required section '## {heading}' is missing");
            }
        }

        CheckOrder(inPageOrder, log);
        return sections;
    }

    private static void CheckOrder(List<RawSection> inPageOrder, ProblemLog log)
    {
        var furthest = -1;
        foreach (var section in inPageOrder)
        {
            var position = RoleSectionIds.InPageOrder.IndexOf((section.Title, section.Id));
            if (position < furthest)
            {
                log.Add(section.HeadingLine, $"section '{section.Title}' is out of order; the sections must appear in this order: {ExpectedOrder}");
            }

            furthest = Math.Max(furthest, position);
        }
    }
}
