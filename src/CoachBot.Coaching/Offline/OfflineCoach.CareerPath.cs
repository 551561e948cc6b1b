using CoachBot.Coaching.Intents;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Offline;

public static partial class OfflineCoach
{
    private static void WriteCareerPath(Turn turn)
    {
        var page = turn.Page;
        if (turn.Level is not { } level)
        {
            turn.Reply.Paragraph(turn.Grounded($"Here is how {turn.RoleInRegion} typically progresses", RoleSectionIds.CareerLevels));
            foreach (var step in page.CareerLevels)
            {
                turn.Reply.Bullet($"**{step.Name} ({step.YearsText})**: {Phrasing.Lower(step.Expectations)}");
            }

            turn.Reply.Paragraph("Tell me how many years of experience you have and I'll show you exactly where you are and what the next step expects.");
            return;
        }

        if (turn.Context.IsFollowUp && turn.Context.Focus.PreviousIntent == CoachingIntent.CareerPath && turn.NextLevel is { } target)
        {
            WritePromotionEvidence(turn, level, target);
            return;
        }

        turn.Reply.Heading("Where you are");
        turn.Reply.Paragraph(turn.Grounded(
            $"{Capitalize(turn.Assessment.CurrentLevelReason!.Replace("→", "puts you at", StringComparison.Ordinal))}. At this stage you are expected to {Phrasing.Lower(Phrasing.NoStop(StripSubject(level.Expectations)))}",
            RoleSectionIds.CareerLevels));

        if (turn.NextLevel is not { } next)
        {
            turn.Reply.Heading("At the top of the ladder");
            turn.Reply.Paragraph("You are at the most senior level this guide describes, so growth from here is about scope and influence rather than a new title.");
            foreach (var habit in page.ActionPlan.LongTerm.Take(3))
            {
                turn.Reply.Bullet(turn.Grounded(habit, RoleSectionIds.ActionPlan));
            }

            return;
        }

        turn.Reply.Heading($"Your next step: {next.Name} ({next.YearsText})");
        turn.Reply.Paragraph(turn.Grounded($"At that level you would {Phrasing.Lower(Phrasing.NoStop(StripSubject(next.Expectations)))}", RoleSectionIds.CareerLevels));
        turn.Reply.Paragraph("Milestones that show you are ready:");
        foreach (var milestone in next.Milestones.Take(3))
        {
            turn.Reply.Bullet(turn.Grounded(milestone, RoleSectionIds.CareerLevels));
        }

        var hardGaps = turn.Assessment.SkillGaps.Where(g => g.Kind == "hard").Take(3).Select(g => g.Skill).ToList();
        if (hardGaps.Count > 0 && !turn.Profile.Skills.IsDefaultOrEmpty)
        {
            turn.Reply.Paragraph(turn.Grounded($"Skills from the role's list to strengthen on the way: {Phrasing.List(hardGaps)}", RoleSectionIds.HardSkills));
        }

        if (turn.Profile.YearsOfExperience is { } years && next.MinYears > years)
        {
            turn.Reply.Paragraph($"Years are a guide, not a gate: at {Phrasing.Years(years)}, the typical start of the next level is about {Phrasing.Years(next.MinYears - years)} away, and delivering those milestones is what shortens the wait.");
        }

        if (page.Tips.Length > 0)
        {
            turn.Reply.Paragraph(turn.Grounded($"One habit that helps: {Phrasing.Lower(page.Tips[0])}", RoleSectionIds.Tips));
        }

        turn.Reply.Paragraph("Which of those milestones feels furthest away? We can turn it into a concrete plan.");
    }

    /// <summary>
    /// A follow-up on the way up ("what do I need to show?"): the previous reply named the next level, so this one turns
    /// its expectations and milestones into the evidence a promotion case is made of, and the habits that collect it,
    /// skipping what was already said.
    /// </summary>
    private static void WritePromotionEvidence(Turn turn, CareerLevel level, CareerLevel next)
    {
        var page = turn.Page;
        turn.Reply.Paragraph($"Building on where we left off: a promotion from {level.Name} to {next.Name} is decided on evidence that you already work at the next level, so collect proof rather than wait for the years.");
        turn.Reply.Heading($"What to show for {next.Name}");
        turn.Reply.Paragraph(turn.Grounded($"The bar: you {Phrasing.Lower(Phrasing.NoStop(StripSubject(next.Expectations)))}", RoleSectionIds.CareerLevels));
        foreach (var milestone in next.Milestones)
        {
            turn.Reply.Bullet(turn.Grounded($"{milestone} Keep one concrete example with its result", RoleSectionIds.CareerLevels));
        }

        var habits = page.Tips.Select(t => (Text: t, Section: RoleSectionIds.Tips))
            .Concat(page.ActionPlan.LongTerm.Select(t => (Text: t, Section: RoleSectionIds.ActionPlan)))
            .Where(h => EvidenceHabit().IsMatch(h.Text) && !turn.Context.Focus.AlreadySaid(h.Text))
            .Take(2)
            .ToList();
        if (habits.Count > 0)
        {
            turn.Reply.Heading("How to build the case");
            foreach (var habit in habits)
            {
                turn.Reply.Bullet(turn.Grounded(habit.Text, habit.Section));
            }
        }

        turn.Reply.Paragraph("Then bring that evidence to your manager, ask which milestone they see as the gap, and agree on a piece of work that would close it. Which of these can you already point to?");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(brag|document|record|track|feedback|review|visible|write[- ]?up|results?|measur\w*|metric\w*|beyond your current level|mentor\w*)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex EvidenceHabit();

    /// <summary>"Ships well-scoped tickets…" stays; "Works independently…" → "work independently…" when quoted after "expected to".</summary>
    private static string StripSubject(string expectations)
    {
        var words = expectations.Split(' ', 2);
        if (words.Length < 2)
        {
            return expectations;
        }

        var verb = words[0];
        var baseForm = verb switch
        {
            _ when verb.EndsWith("ies", StringComparison.Ordinal) => verb[..^3] + "y",
            _ when verb.EndsWith("sses", StringComparison.Ordinal) || verb.EndsWith("shes", StringComparison.Ordinal) || verb.EndsWith("ches", StringComparison.Ordinal) || verb.EndsWith("xes", StringComparison.Ordinal) => verb[..^2],
            _ when verb.EndsWith('s') && !verb.EndsWith("ss", StringComparison.Ordinal) => verb[..^1],
            _ => verb,
        };
        var rest = words[1]
            .Replace(", and ", ", and ", StringComparison.Ordinal);
        return $"{baseForm} {VerbsInList(rest)}";
    }

    // "…, scopes and estimates the work, and collaborates…" → base forms after commas and "and".
    private static string VerbsInList(string text)
    {
        var parts = text.Split(' ');
        for (var i = 1; i < parts.Length; i++)
        {
            var before = parts[i - 1];
            var word = parts[i];
            var afterJoin = before.EndsWith(',') || before == "and";
            if (afterJoin && word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && char.IsLower(word[0]) && LooksLikeVerb(word))
            {
                parts[i] = word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
                    : word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("sses", StringComparison.Ordinal) ? word[..^2]
                    : word[..^1];
            }
        }

        return string.Join(' ', parts);
    }

    private static readonly HashSet<string> CommonVerbs =
    [
        "works", "ships", "learns", "builds", "leads", "sets", "scopes", "estimates", "collaborates", "owns", "drives", "designs", "mentors",
        "balances", "aligns", "delivers", "manages", "defines", "guides", "coordinates", "writes", "reviews", "runs", "makes", "shapes",
        "influences", "creates", "develops", "handles", "automates", "maintains", "improves", "partners", "communicates", "grows", "hires",
        "supports", "tests", "operates", "plans", "contributes", "establishes", "translates", "applies", "analyzes", "analyses", "takes",
    ];

    private static bool LooksLikeVerb(string word) => CommonVerbs.Contains(word.TrimEnd(',', '.'));
}
