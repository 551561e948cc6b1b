using System.Collections.Frozen;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Grounding;

/// <summary>The role content a reply may draw figures and certification names from, prepared once per reply.</summary>
internal sealed class GroundingContent
{
    private readonly string _text;
    private readonly FrozenSet<long> _amounts;

    public GroundingContent(IEnumerable<RoleSection> sections)
    {
        _text = string.Join('\n', sections.Select(s => s.Text));
        _amounts = GroundingPatterns.Amounts(_text).ToFrozenSet();
    }

    /// <summary>Whether every amount of a salary phrase appears in the content.</summary>
    public bool HasFigure(string moneyPhrase) => GroundingPatterns.Amounts(moneyPhrase).All(_amounts.Contains);

    /// <summary>Whether the content names the certification; an acronym must appear as a whole word ("CKA" is not in "CKAD").</summary>
    public bool NamesCertification(string name)
    {
        if (!GroundingPatterns.IsAcronym(name))
        {
            return _text.Contains(name, StringComparison.OrdinalIgnoreCase);
        }

        for (var at = _text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = _text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var end = at + name.Length;
            if ((at == 0 || !char.IsLetterOrDigit(_text[at - 1])) && (end == _text.Length || !char.IsLetterOrDigit(_text[end])))
            {
                return true;
            }
        }

        return false;
    }
}
