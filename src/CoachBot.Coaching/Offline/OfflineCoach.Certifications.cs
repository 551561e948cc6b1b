using CoachBot.Coaching.Reasoning;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Offline;

public static partial class OfflineCoach
{
    private static void WriteCertifications(Turn turn)
    {
        var page = turn.Page;
        var education = page.Education.FirstOrDefault();
        var aboutSchooling = education is not null && SchoolingQuestion().IsMatch(turn.Question);
        if (aboutSchooling)
        {
            // Asked about degrees or bootcamps: the education paragraph is the answer, so it leads, whole.
            turn.Reply.Paragraph(turn.Grounded(education!, RoleSectionIds.Education));
            foreach (var more in page.Education.Skip(1))
            {
                turn.Reply.Paragraph(turn.Grounded(more, RoleSectionIds.Education));
            }
        }

        var held = page.Certifications.Where(c => turn.Profile.Certifications.Any(h => SkillMatcher.SameCertification(h, c.Name))).ToList();
        var recommended = page.Certifications.Where(c => !held.Contains(c)).ToList();

        if (held.Count > 0)
        {
            turn.Reply.Paragraph(turn.Grounded($"You already hold {Phrasing.List(held.Select(c => c.Name))}, which the {page.Role} guide lists as relevant", RoleSectionIds.Education));
        }

        if (recommended.Count > 0)
        {
            turn.Reply.Heading(held.Count > 0 ? "Worth considering next" : aboutSchooling ? "Certifications that can back up experience" : $"Certifications worth considering for {page.Role}");
            foreach (var certification in recommended)
            {
                turn.Reply.Bullet(turn.Grounded($"**{certification.Name}** ({certification.Issuer}): {Phrasing.Lower(certification.WhenItHelps)}", RoleSectionIds.Education));
            }
        }

        if (education is not null && !aboutSchooling)
        {
            turn.Reply.Paragraph(turn.Grounded($"On education in general: {Phrasing.Lower(education)}", RoleSectionIds.Education));
        }

        turn.Reply.Paragraph(aboutSchooling
            ? "Whichever path you take, projects you can show and explain carry the most weight. Want help choosing one that matches the roles you are applying for?"
            : "A certification helps most when it backs up work you can show, so pair it with a project that uses the same skills. Which of these fits the employers you are targeting?");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(degrees?|bachelor'?s?|master'?s|masters|ph\.?d|diploma|college|university|uni|bootcamps?|boot camps?|self[- ]taught|education|graduated?|school)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SchoolingQuestion();
}
