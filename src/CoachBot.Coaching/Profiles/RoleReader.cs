using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Reads the current title and level ("I'm a mid-level backend engineer", "I work as a QA analyst") and the target role
/// ("I want to become a DevOps engineer", "aiming for a staff engineer role", "I'd like to move into product management").
/// </summary>
internal static partial class RoleReader
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const int TimeoutMs = 5000;
    private const string Article = @"(?:(?:a|an)\s+)?";
    private const string RoleWord = @"(?:\s+(?:role|position|job|title|track|opening)s?)?";

    [GeneratedRegex(@"\b(?:i'm|i\s+am|im)\s+(?:(?:currently|now|still|already|actually|basically|officially|just)\s+)?"
        + @"(?:(?:working|employed)\s+as\s+)?(?:a|an|the)\s+" + RoleLexicon.Title
        + @"|\b(?:i'm|i\s+am|im|my\s+name\s+is)\s+\w+,\s+(?:a|an)\s+" + RoleLexicon.Title
        + @"|(?<=^|[.!?\n]\s*)(?:currently\s+)?working\s+as\s+" + Article + RoleLexicon.Title
        + @"|\b(?:(?:i|and)\s+(?:currently\s+)?work|(?:i'm|i\s+am)\s+(?:currently\s+)?(?:working|employed)|i(?:'ve|\s+have)\s+been\s+working)\s+as\s+"
        + Article + RoleLexicon.Title
        + @"|\bi(?:'ve|\s+have)\s+been\s+(?:a|an)\s+" + RoleLexicon.Title
        + @"|\b(?:joined|hired|working)\s+(?:\w+\s+)?as\s+" + Article + RoleLexicon.Title
        // A self-introduction in a fragment: "pm with 6 years here", "frontend dev, 1 year", "senior backend engineer here, 7 yrs".
        + @"|^\s*(?:(?:hi|hey|hello)[,!.]?\s+)?(?:a\s+|an\s+)?" + RoleLexicon.Title + @"(?=\s*(?:here\b|,|\(|with\s+\d|with\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)\b|\d|for\s+\d))"
        + @"|\b(?:i(?:'ve|\s+have)\s+(?:got\s+|spent\s+)?|(?:i'm|i\s+am|im)\s+|with\s+)?(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\+?\s*(?:years?|yrs?)\s+(?:of\s+(?:experience|exp)\s+)?(?:in\s+the\s+industry\s+)?(?:as|working\s+as)\s+"
        + Article + RoleLexicon.Title
        + @"|\bmy\s+(?:current\s+)?(?:job\s+title|title|role|job|position)\s+is\s+" + Article + RoleLexicon.Title
        + @"|(?:\bi\s+(?:currently\s+)?work|\b(?:i'm|i\s+am)\s+(?:currently\s+)?working|(?<=^|[.!?\n]\s*)(?:currently\s+)?working)"
        + @"\s+(?:at|for|in)\s+[^,.;!?\n]{1,40}?\s+as\s+"
        + Article + RoleLexicon.Title,
        Options, TimeoutMs)]
    private static partial Regex CurrentTitlePattern();

    [GeneratedRegex(@"\b(?:(?:i'm|i\s+am|im)\s+(?:(?:currently|now|still|already|basically)\s+)?(?:(?:a|an)\s+|at\s+(?:a\s+|the\s+)?)?"
        + @"|my\s+(?:current\s+)?(?:level|seniority)\s+is\s+(?:a\s+)?|(?<=^|[.!?\n]\s*)(?:currently\s+|now\s+)?(?=\w+[\s-]+level\b))"
        + @"(?<level>" + RoleLexicon.LevelWord + @")(?:[\s-]+level)?(?![\w-])(?!\s+(?:in|at|with|on)\b)", Options, TimeoutMs)]
    private static partial Regex LevelPattern();

    [GeneratedRegex(@"\b(?:want|wanna|would\s+like|'d\s+like|'d\s+love|would\s+love|hope|hoping|plan|planning|aim|aiming|aspire"
        + @"|aspiring|trying|try|intend|intending|going|need|dream\s+is|goal\s+is|aim\s+is|plan\s+is|ambition\s+is|next\s+step\s+is)\s+"
        + @"(?:is\s+)?to\s+(?:(?:eventually|someday|finally|really|one\s+day)\s+)?(?:become|be|grow\s+into|work\s+as"
        + @"|get\s+(?:a\s+job\s+as|hired\s+as|promoted\s+to)|land\s+a\s+(?:job|role|position)\s+as|step\s+up\s+to|move\s+up\s+to)\s+"
        + Article + RoleLexicon.Title + RoleWord
        + @"|\b(?:working\s+towards?|thinking\s+(?:about|of)|considering)\s+(?:becoming|being)\s+" + Article + RoleLexicon.Title + RoleWord
        + @"|\b(?:aim|aiming|shoot|shooting|gunning|go|going|apply|applying|interview|interviewing|push|pushing|looking|hoping)\s+for\s+"
        + @"(?:(?:a|an|the)\s+)?(?:promotion\s+to\s+|(?:new\s+)?(?:job|role|position)\s+as\s+(?:a\s+|an\s+)?)?" + RoleLexicon.Title + RoleWord
        + @"|\baspiring\s+" + RoleLexicon.Title
        + @"|\b(?:targeting|my\s+target(?:\s+role)?\s+is|my\s+dream\s+(?:job|role)\s+is|my\s+next\s+(?:role|step|job)\s+(?:is|would\s+be))\s+"
        + Article + RoleLexicon.Title + RoleWord, Options, TimeoutMs)]
    private static partial Regex TargetPattern();

    [GeneratedRegex(@"\b(?:move|moving|transition|transitioning|switch|switching|pivot|pivoting|get|getting|break|breaking|change"
        + @"|changing|shift|shifting|go|going|step|stepping)\s+(?:careers?\s+|over\s+|back\s+)?(?:from\s+[^,.;!?\n]{1,30}?\s+)?"
        + @"(?:in)?to\s+(?:(?:a|an)\s+)?", Options, TimeoutMs)]
    private static partial Regex MoveIntoPattern();

    [GeneratedRegex(@"\b(?:(?:i'm|i\s+am|im)\s+(?:a\s+)?)?(?:new|recent|fresh)\s+grad(?:uate)?\b|\b(?:i\s+)?(?:just|recently)\s+graduated\b|\bfresh(?:ly)?\s+out\s+of\s+(?:college|school|university|uni|a\s+bootcamp)\b", Options, TimeoutMs)]
    private static partial Regex NewGraduate();

    [GeneratedRegex(@"\G" + RoleLexicon.Title + RoleWord, Options, TimeoutMs)]
    private static partial Regex TitleHere();

    /// <summary>The current title and the level it names.</summary>
    public static (ProfileFact<string> Title, ProfileFact<string>? Level)? CurrentTitle(MessageText text)
    {
        foreach (Match match in CurrentTitlePattern().Matches(text.Present))
        {
            var role = match.Groups["role"];
            if (RoleNames.CurrentTitle(text.Original[role.Index..(role.Index + role.Length)]) is { } title)
            {
                var span = text.Span(match.Index, match.Index + match.Length);
                return (new ProfileFact<string>(title.Title, span), title.Level is { } level ? new ProfileFact<string>(level, span) : null);
            }
        }

        return null;
    }

    /// <summary>A level stated on its own: "I'm senior", "I'm at mid level"; "new grad" and "fresh out of college" are junior.</summary>
    public static ProfileFact<string>? Level(MessageText text)
    {
        if (NewGraduate().Match(text.Present) is { Success: true } graduate && RoleLexicon.Level("junior") is { } junior)
        {
            return new ProfileFact<string>(junior, text.Span(graduate.Index, graduate.Index + graduate.Length));
        }

        foreach (Match match in LevelPattern().Matches(text.Present))
        {
            if (RoleLexicon.Level(match.Groups["level"].Value) is { } level)
            {
                return new ProfileFact<string>(level, text.Span(match.Index, match.Index + match.Length));
            }
        }

        return null;
    }

    /// <summary>The target role and where its statement ends in the message.</summary>
    public static (ProfileFact<string> Fact, int Start, int End)? TargetRole(MessageText text)
    {
        var view = text.Intent;
        var candidates = new List<(ProfileFact<string> Fact, int Start, int End)>();
        foreach (Match match in TargetPattern().Matches(view))
        {
            var role = match.Groups["role"];
            if (RoleNames.TargetRole(text.Original[role.Index..(role.Index + role.Length)]) is { } name)
            {
                candidates.Add((new ProfileFact<string>(name, text.Span(match.Index, match.Index + match.Length)), match.Index, match.Index + match.Length));
                break;
            }
        }

        foreach (Match match in MoveIntoPattern().Matches(view))
        {
            var at = match.Index + match.Length;
            var end = 0;
            string? name = null;
            if (TitleHere().Match(view, at) is { Success: true } title)
            {
                name = RoleNames.TargetRole(text.Original[title.Groups["role"].Index..(title.Groups["role"].Index + title.Groups["role"].Length)]);
                end = title.Index + title.Length;
            }
            else if (RoleLexicon.Fields.MatchAt(view, at, view.Length) is { } field)
            {
                name = field.Canonical;
                end = field.End;
            }

            if (name is not null)
            {
                candidates.Add((new ProfileFact<string>(name, text.Span(match.Index, end)), match.Index, end));
                break;
            }
        }

        return candidates.Count == 0 ? null : candidates.MinBy(c => c.Start);
    }
}
