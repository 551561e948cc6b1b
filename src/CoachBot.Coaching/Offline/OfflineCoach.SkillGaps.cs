using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;

namespace CoachBot.Coaching.Offline;

public static partial class OfflineCoach
{
    private static void WriteSkillGaps(Turn turn)
    {
        var page = turn.Page;
        var gaps = turn.Assessment.SkillGaps;
        var knowsSkills = !turn.Profile.Skills.IsDefaultOrEmpty;

        if (!knowsSkills)
        {
            turn.Reply.Paragraph($"I don't know your skills yet, so I can't tell your gaps from your strengths. Here is where {turn.RoleInRegion} puts its weight, so you can check yourself against it; tell me what you are good at and what feels weak, and I'll narrow it down to your real gaps.");
        }
        if (!knowsSkills && page.HardSkills.Length > 0)
        {
            turn.Reply.Paragraph(turn.Grounded($"The hard skills the guide lists for the role: {Phrasing.List(page.HardSkills.Select(s => s.Name))}", RoleSectionIds.HardSkills));
        }
        else if (gaps.Length == 0)
        {
            turn.Reply.Paragraph(turn.Grounded($"Good news: your profile covers every skill the {page.Role} guide lists, with none rated low", RoleSectionIds.HardSkills));
        }
        else
        {
            var strong = turn.Profile.Skills.Where(s => s.Proficiency is null or >= 3).Select(s => s.Name).Take(4).ToList();
            if (strong.Count > 0)
            {
                turn.Reply.Paragraph($"You already bring {Phrasing.List(strong)}, which is a solid base.");
            }
        }

        // "What about the soft skills side?" asks about one kind only.
        var kind = SoftOrHard().Match(turn.Question) is { Success: true } asked ? (asked.Value.StartsWith("soft", StringComparison.OrdinalIgnoreCase) ? "soft" : "hard") : null;
        var focus = gaps.Where(g => kind is null || g.Kind == kind).Take(3).ToList();
        if (focus.Count > 0)
        {
            turn.Reply.Heading(knowsSkills ? "Your biggest gaps for this role" : "Where to start");
            foreach (var gap in focus)
            {
                var skill = FindSkill(page, gap);
                var why = gap.Reason switch
                {
                    "missing" => "not in your profile yet",
                    Reasoning.CareerReasoner.UnknownSkill => "a core skill of the role; I don't know your level in it yet",
                    _ => gap.Reason,
                };
                var sectionId = gap.Kind == "hard" ? RoleSectionIds.HardSkills : RoleSectionIds.SoftSkills;
                turn.Reply.Bullet(turn.Grounded($"**{gap.Skill}** ({why}): good looks like this: {Phrasing.Lower(skill?.Description ?? gap.Skill)}", sectionId));
            }
        }

        WriteLearningPlan(turn, focus);
        turn.Reply.Paragraph("Want me to break the first 30 days into weekly steps, or look at how to show these skills on your resume?");
    }

    private static void WriteLearningPlan(Turn turn, List<SkillGap> focus)
    {
        var page = turn.Page;
        var shortTerm = page.ActionPlan.ShortTerm;
        var target = turn.NextLevel ?? turn.Level ?? page.CareerLevels[0];
        turn.Reply.Heading("A 30/60/90-day plan");

        var first = focus.ElementAtOrDefault(0)?.Skill;
        var second = focus.ElementAtOrDefault(1)?.Skill;
        var third = focus.ElementAtOrDefault(2)?.Skill;
        var firstGoal = focus.Count > 0 ? FindSkill(page, focus[0]) : null;
        turn.Reply.Bullet(firstGoal is null
            ? turn.Grounded($"**Days 1–30:** {Phrasing.NoStop(shortTerm.ElementAtOrDefault(0) ?? "Set aside a few focused hours each week")}", RoleSectionIds.ActionPlan)
            : turn.Grounded($"**Days 1–30:** focus on {first}, a few hours a week, applied to real work as soon as you can. Goal by day 30: you can {Phrasing.Lower(Phrasing.NoStop(StripSubject(firstGoal.Description)))}", focus[0].Kind == "hard" ? RoleSectionIds.HardSkills : RoleSectionIds.SoftSkills));
        turn.Reply.Bullet(turn.Grounded(
            $"**Days 31–60:** {(second is null ? "keep practising" : $"add {second}")}, and {Phrasing.Lower(Phrasing.NoStop(shortTerm.ElementAtOrDefault(firstGoal is null ? 1 : 0) ?? "apply it to a real task"))}",
            RoleSectionIds.ActionPlan));
        var milestone = target.Milestones.FirstOrDefault() ?? target.Expectations;
        turn.Reply.Bullet(turn.Grounded(
            $"**Days 61–90:** {(third is null ? "make the progress visible" : $"bring in {third}")} and aim at a milestone of the {target.Name} ({target.YearsText}) level: {Phrasing.Lower(Phrasing.NoStop(milestone))}",
            RoleSectionIds.CareerLevels));
        if (page.ActionPlan.LongTerm.Length > 0)
        {
            turn.Reply.Paragraph(turn.Grounded($"Beyond 90 days: {Phrasing.Lower(page.ActionPlan.LongTerm[0])}", RoleSectionIds.ActionPlan));
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(soft|people|interpersonal|hard|technical)[\s-]skills?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SoftOrHard();

    private static RoleSkill? FindSkill(RolePage page, SkillGap gap) =>
        page.HardSkills.Concat(page.SoftSkills).FirstOrDefault(s => string.Equals(s.Name, gap.Skill, StringComparison.OrdinalIgnoreCase));
}
