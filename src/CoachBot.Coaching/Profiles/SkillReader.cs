using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Reads the skills a user says they have, with a proficiency when they rate it: "I know Python and SQL" (unrated),
/// "comfortable with Docker, Kubernetes and Terraform" (3), "good at APIs" (4), "weak at algorithms" (2),
/// "I'm learning Rust" (1), "I've gotten better at SQL" (one above the profile's rating). A skill counts only after a
/// phrase that claims it; naming a technology is not having it.
/// </summary>
internal static partial class SkillReader
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const int TimeoutMs = 5000;
    private const int MaxListLength = 160;

    [GeneratedRegex(
        @"(?<p5>\b(?:an?\s+)?expert\s+(?:in|at|with|on)|\bextremely\s+(?:good|strong|proficient|skilled|experienced)\s+(?:in|at|with)"
        + @"|\bexcellent\s+(?:at|in|with)|\b(?:have\s+)?mastered|\bdeep\s+(?:expertise|experience|knowledge)\s+(?:in|with|of)|\bexpertise\s+in)"
        + @"|(?<p2>\bnot\s+(?:(?:very|that|so|too|particularly|super|really|yet)\s+)?(?:good|great|strong|confident|comfortable|proficient)\s+(?:in|at|with|on)"
        + @"|\b(?:weak|bad|poor|rusty|shaky|terrible)\s+(?:in|at|with|on)|\bstruggl(?:e|es|ing)\s+with"
        + @"|\b(?:basic|limited|little|some)\s+(?:knowledge|experience|understanding|exposure)\s+(?:of|in|with|to)"
        + @"|\ba\s+(?:(?:little\s+)?bit|little)\s+of(?:\s+(?:experience|knowledge|exposure)\s+(?:of|with|in|to))?|\bfamiliar\s+with|\bthe\s+basics\s+of"
        + @"|\b(?:a\s+)?beginner\s+(?:in|at|with)|\bdabbled\s+(?:in|with))"
        + @"|(?<p4>\b(?:good|great|strong|proficient|skilled|solid|confident|fluent|advanced|experienced|competent)\s+(?:in|at|with|on|using)"
        + @"|\b(?:strong|solid|advanced|extensive|lots\s+of|a\s+lot\s+of)\s+(?:experience|knowledge|background|skills)\s+(?:in|with|of)"
        + @"|\bproficiency\s+in)"
        + @"|(?<p3>\b(?:comfortable|decent|okay|ok|fine)\s+(?:in|at|with|using)|\bworking\s+knowledge\s+of"
        + @"|\b(?:hands-on|practical)\s+(?:experience\s+)?(?:with|in)|\bintermediate\s+(?:in|at|with))"
        + @"|(?<p1>\b(?:just\s+)?started\s+(?:learning|with|using)|\bnew\s+to|\b(?:complete|total|absolute)\s+beginner\s+(?:in|at|with)|\blearning)"
        + @"|(?<better>\b(?:got(?:ten)?|getting|become|became)\s+(?:(?:much|a\s+lot|way)\s+)?better\s+(?:at|with|in)|\bimproved\s+(?:my\s+)?)"
        + @"|(?<plain>\b(?:knows?(?!\s+(?:that|what|how|if|whether|why|when|where|who|which)\b)|use|using|used|work\s+with|worked\s+with|working\s+with|(?:experience|exp)\s+(?:in|with)|code\s+in|coding\s+in"
        + @"|coded\s+in|program\s+in|programming\s+in|write|wrote|writing|build|built|building|develop|developed|developing|do|doing|done"
        + @"|maintain|maintained|maintaining|deploy|deployed|run|ran|running|manage|managed|automate|automated|set\s+up|configured"
        + @"|designed|implemented|speciali[sz]e\s+in|speciali[sz]ing\s+in|focus\s+on|hands-on\s+with|certified\s+in|mostly|mainly|primarily|(?:years?|yrs?|months?)(?:\s+of)?)\b"
        + @"|\bwith(?=\s+[^.;!?\n]{1,60}?\b(?:experience|skills|knowledge|background)\b)"
        + @"|\b(?:my\s+)?(?:skills|stack|tech\s+stack|toolset|toolbox|toolkit)\s*(?:include|includes|are|is|:)|\bskills?\s*:|\bstack\s*:)",
        Options, TimeoutMs)]
    private static partial Regex Cue();

    public static ImmutableArray<SkillFact> Read(MessageText text, CareerProfile current, ProfileFact<string>? title)
    {
        var view = text.Present;
        var skills = new List<SkillFact>();
        var cues = Cue().Matches(view);
        for (var i = 0; i < cues.Count; i++)
        {
            var cue = cues[i];
            if (!text.IsAboutUser(view, cue.Index))
            {
                continue;
            }

            var start = cue.Index + cue.Length;
            var end = Math.Min(Math.Min(text.ClauseEnd(start), start + MaxListLength), i + 1 < cues.Count ? cues[i + 1].Index : view.Length);
            foreach (var skill in SkillLexicon.Instance.Matches(view, start, Math.Max(start, end)))
            {
                var proficiency = Proficiency(cue, skill.Canonical, current);
                Add(skills, new SkillFact(skill.Canonical, proficiency, text.Span(cue.Index, skill.End)));
            }
        }

        // "I'm a Python developer": the title names a skill.
        if (title is not null)
        {
            foreach (var skill in SkillLexicon.Instance.Matches(title.Value, 0, title.Value.Length))
            {
                Add(skills, new SkillFact(skill.Canonical, null, title.Span));
            }
        }

        return [.. skills];
    }

    private static int? Proficiency(Match cue, string skill, CareerProfile current)
    {
        for (var level = 1; level <= 5; level++)
        {
            if (cue.Groups[$"p{level}"].Success)
            {
                return level;
            }
        }

        if (!cue.Groups["better"].Success)
        {
            return null;
        }

        var key = ProfileFactsApplier.SkillKey(skill);
        var rated = current.Skills.IsDefault ? null : current.Skills.FirstOrDefault(s => ProfileFactsApplier.SkillKey(s.Name) == key)?.Proficiency;
        return Math.Min(5, (rated ?? 2) + 1);
    }

    // One fact per skill; a rated mention beats an unrated one.
    private static void Add(List<SkillFact> skills, SkillFact fact)
    {
        var index = skills.FindIndex(s => s.Name == fact.Name);
        if (index < 0)
        {
            skills.Add(fact);
        }
        else if (skills[index].Proficiency is null && fact.Proficiency is not null)
        {
            skills[index] = fact;
        }
    }
}
