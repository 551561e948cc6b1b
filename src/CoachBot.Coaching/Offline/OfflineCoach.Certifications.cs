using CoachBot.Coaching.Reasoning;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Offline;

public static partial class OfflineCoach
{
    private static void WriteCertifications(Turn turn)
    {
        var page = turn.Page;
        var held = page.Certifications.Where(c => turn.Profile.Certifications.Any(h => SkillMatcher.SameCertification(h, c.Name))).ToList();
        var recommended = page.Certifications.Where(c => !held.Contains(c)).ToList();

        if (held.Count > 0)
        {
            turn.Reply.Paragraph(turn.Grounded($"You already hold {Phrasing.List(held.Select(c => c.Name))}, which the {page.Role} guide lists as relevant", RoleSectionIds.Education));
        }

        if (recommended.Count > 0)
        {
            turn.Reply.Heading(held.Count > 0 ? "Worth considering next" : $"Certifications worth considering for {page.Role}");
            foreach (var certification in recommended)
            {
                turn.Reply.Bullet(turn.Grounded($"**{certification.Name}** ({certification.Issuer}): {Phrasing.Lower(certification.WhenItHelps)}", RoleSectionIds.Education));
            }
        }

        var education = page.Education.FirstOrDefault();
        if (education is not null)
        {
            turn.Reply.Paragraph(turn.Grounded($"On education in general: {Phrasing.Lower(FirstSentences(education, 1))}", RoleSectionIds.Education));
        }

        turn.Reply.Paragraph("A certification helps most when it backs up work you can show, so pair it with a project that uses the same skills. Which of these fits the employers you are targeting?");
    }
}
