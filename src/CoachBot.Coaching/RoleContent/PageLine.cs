namespace CoachBot.Coaching.RoleContent;

/// <summary>The kinds of line a page body is made of (docs/role-content-format.md, section 4).</summary>
internal enum LineKind
{
    Blank,
    Subheading,
    Label,
    Bullet,
    Paragraph,
}

/// <summary>One classified body line.</summary>
/// <param name="Number">The 1-based line number in the file.</param>
/// <param name="Kind">What kind of line it is.</param>
/// <param name="Text">Subheading: the text after "### ". Label: the label without its colon. Bullet: the text after "- ". Paragraph: the line.</param>
/// <param name="Value">Only for the "Expectations" label: the text after "Expectations: ".</param>
internal readonly record struct PageLine(int Number, LineKind Kind, string Text, string Value = "")
{
    public const string Expectations = "Expectations";
    public const string Milestones = "Milestones";
    public const string Certifications = "Certifications";
    public const string PracticeQuestions = "Practice questions";
    public const string ShortTerm = "Short term (next 90 days)";
    public const string LongTerm = "Long term";

    /// <summary>Labels that stand alone on their line and introduce a bullet list.</summary>
    public static readonly string[] ListLabels = [Milestones, Certifications, PracticeQuestions, ShortTerm, LongTerm];

    public bool IsLabel(string label) => Kind == LineKind.Label && string.Equals(Text, label, StringComparison.Ordinal);

    public bool IsListLabel => Kind == LineKind.Label && !string.Equals(Text, Expectations, StringComparison.Ordinal);

    /// <summary>The line as it is written, for messages.</summary>
    public string Source => Kind switch
    {
        LineKind.Blank => "",
        LineKind.Subheading => "### " + Text,
        LineKind.Label when Value.Length > 0 => $"{Text}: {Value}",
        LineKind.Label => Text + ":",
        LineKind.Bullet => "- " + Text,
        _ => Text,
    };

    /// <summary>What kind of line this is, for messages.</summary>
    public string Describe() => Kind switch
    {
        LineKind.Subheading => $"subheading '{Source}'",
        LineKind.Label => $"label line '{Text}:'",
        LineKind.Bullet => $"bullet '{Shorten(Source)}'",
        _ => $"paragraph '{Shorten(Source)}'",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
