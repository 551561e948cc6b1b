using System.Collections.Immutable;
using System.Text.RegularExpressions;

using CoachBot.Profiles;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Reads goals in the user's own words: "My goal is to lead a team within two years", "I'm hoping to get promoted this
/// year". A wish that only names the target role ("I want to become a DevOps engineer") is the target role, not a goal.
/// </summary>
internal static partial class GoalReader
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const int TimeoutMs = 5000;
    private const int MinWords = 2;

    [GeneratedRegex(@"\bmy\s+(?:(?:main|big|biggest|long-term|long\s+term|short-term|short\s+term|career|ultimate|primary|current|next"
        + @"|personal|real|\d{4})\s+)?(?:goal|aim|objective|ambition|dream|plan)\s+(?:for\s+(?:this|next)\s+(?:year|quarter)\s+)?"
        + @"(?:is|would\s+be|right\s+now\s+is)\s+(?:to\s+)?(?=\w)"
        + @"|\b(?:(?:i|and|but|so)\s+(?:i\s+)?(?:really\s+|also\s+)?(?:want|would\s+like|would\s+love|hope|plan|aim|intend)|i'd\s+(?:really\s+)?(?:like|love)"
        + @"|(?:i'm|i\s+am|im)\s+(?:hoping|planning|aiming|trying|working\s+towards?))\s+to\s+"
        + @"(?=(?:lead|learn|get|earn|land|pass|become|double|increase|reach|build|start|launch|switch|move|transition|manage|mentor"
        + @"|grow|improve|negotiate|relocate|work|find|ship|publish|speak|write|make|save|finish|complete|join|found|run|take|change"
        + @"|apply|master|contribute|present|create|obtain|achieve|be\s+(?:promoted|hired|able))\b)", Options, TimeoutMs)]
    private static partial Regex GoalStart();

    [GeneratedRegex(@"^\s*(?:role|position|job|title)?\s*$", Options, TimeoutMs)]
    private static partial Regex OnlyRoleWord();

    public static ImmutableArray<ProfileFact<string>> Read(MessageText text, (ProfileFact<string> Fact, int Start, int End)? target)
    {
        var view = text.Intent;
        var goals = new List<ProfileFact<string>>();
        foreach (Match match in GoalStart().Matches(view))
        {
            var start = match.Index + match.Length;
            var end = text.ClauseEnd(start);
            while (end > start && (char.IsWhiteSpace(view[end - 1]) || view[end - 1] is '.' or ',' or '!' or ';' or ':'))
            {
                end--;
            }

            if (target is { } t && t.End > start && t.End <= end && OnlyRoleWord().IsMatch(view.AsSpan(t.End, end - t.End)))
            {
                continue;
            }

            var goal = string.Join(' ', text.Original[start..end].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (goal.Split(' ').Length < MinWords || goal.Length > ProfileLimits.MaxGoalLength)
            {
                continue;
            }

            goal = string.Concat(char.ToUpperInvariant(goal[0]).ToString(), goal[1..]);
            if (!goals.Any(g => string.Equals(g.Value, goal, StringComparison.OrdinalIgnoreCase)))
            {
                goals.Add(new ProfileFact<string>(goal, text.Span(match.Index, end)));
            }
        }

        return [.. goals];
    }
}
