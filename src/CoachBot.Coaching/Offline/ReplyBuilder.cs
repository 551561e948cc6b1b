using System.Collections.Immutable;
using System.Text;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Offline;

/// <summary>
/// Writes a Markdown reply and numbers the role-content sections it cites in order of first use: the marker [n] in the
/// text refers to the n-th entry of <see cref="Sources"/>.
/// </summary>
internal sealed class ReplyBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<RoleSection> _cited = [];

    /// <summary>The cited sections: the n-th is what [n] refers to.</summary>
    public ImmutableArray<RoleSection> Sources => [.. _cited];

    /// <summary>The marker for a section, e.g. "[2]".</summary>
    public string Cite(RoleSection section)
    {
        var index = _cited.FindIndex(s => s.SectionId == section.SectionId && s.RoleId == section.RoleId && s.RegionId == section.RegionId);
        if (index < 0)
        {
            _cited.Add(section);
            index = _cited.Count - 1;
        }

        return $"[{index + 1}]";
    }

    /// <summary>A sentence that states content from <paramref name="section"/>, with its marker before the final stop.</summary>
    public string Grounded(string sentence, RoleSection section)
    {
        var trimmed = sentence.TrimEnd();
        var stop = trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' ? trimmed[^1].ToString() : ".";
        var body = trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' ? trimmed[..^1] : trimmed;
        return $"{body} {Cite(section)}{stop}";
    }

    public ReplyBuilder Paragraph(string text)
    {
        Separate();
        _text.Append(text.Trim()).Append('\n');
        return this;
    }

    public ReplyBuilder Heading(string text)
    {
        Separate();
        _text.Append("**").Append(text.Trim()).Append("**\n");
        return this;
    }

    /// <summary>A bulleted list; consecutive calls build one list.</summary>
    public ReplyBuilder Bullet(string text)
    {
        _text.Append("- ").Append(text.Trim()).Append('\n');
        return this;
    }

    public ReplyBuilder Numbered(int number, string text)
    {
        _text.Append(number).Append(". ").Append(text.Trim()).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString().TrimEnd() + "\n";

    // Paragraphs and lists are separated by one blank line.
    private void Separate()
    {
        if (_text.Length > 0 && !(_text.Length >= 2 && _text[^1] == '\n' && _text[^2] == '\n'))
        {
            _text.Append('\n');
        }
    }
}
