using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Offline;

public static partial class OfflineCoach
{
    private static void WriteResumeReview(Turn turn)
    {
        var page = turn.Page;
        var bullets = BulletsInPlay(turn);
        if (bullets.Length == 0)
        {
            turn.Reply.Paragraph($"Here is what makes a {page.Role} resume work, and then paste your bullets (one per line, starting with \"-\") and I'll review each one.");
            foreach (var advice in page.Resume.Advice.Take(3))
            {
                turn.Reply.Bullet(turn.Grounded(advice, RoleSectionIds.Resume));
            }

            turn.Reply.Bullet(turn.Grounded($"ATS keywords: {Phrasing.Lower(page.Resume.AtsKeywords)}", RoleSectionIds.Resume));
            turn.Reply.Paragraph(turn.Grounded($"A weak bullet reads like \"{page.Resume.WeakBullet}\"; a strong one reads like \"{page.Resume.StrongBullet}\"", RoleSectionIds.Resume));
            return;
        }

        WriteBulletReviews(turn);
        turn.Reply.Paragraph(turn.Grounded($"For comparison, the {page.Role} guide's example turns \"{page.Resume.WeakBullet}\" into \"{page.Resume.StrongBullet}\"", RoleSectionIds.Resume));

        var text = turn.Question;
        var missingKeywords = page.HardSkills.Select(s => s.Name).Where(name => !text.Contains(name, StringComparison.OrdinalIgnoreCase)).Take(4).ToList();
        if (missingKeywords.Count > 0)
        {
            turn.Reply.Paragraph(turn.Grounded($"ATS screens match skills by name; if you have them, make sure {Phrasing.List(missingKeywords)} appear somewhere on the page", RoleSectionIds.HardSkills));
        }

        var pitfall = page.Pitfalls.FirstOrDefault(p => p.Contains("resume", StringComparison.OrdinalIgnoreCase) || p.Contains("bullet", StringComparison.OrdinalIgnoreCase));
        if (pitfall is not null)
        {
            turn.Reply.Paragraph(turn.Grounded($"A common pitfall to avoid: {Phrasing.Lower(pitfall)}", RoleSectionIds.Pitfalls));
        }
    }

    /// <summary>The bullets pasted in this message, or, in a follow-up ("I'm a data engineer btw"), those of the message before.</summary>
    private static System.Collections.Immutable.ImmutableArray<string> BulletsInPlay(Turn turn)
    {
        var bullets = ResumeBulletReview.FindBullets(turn.Question);
        var recent = turn.Context.Request.RecentTurns;
        return bullets.Length == 0 && turn.Context.IsFollowUp && !recent.IsDefaultOrEmpty
            ? ResumeBulletReview.FindBullets(recent[^1].Question)
            : bullets;
    }

    /// <summary>Each pasted bullet reviewed on its own: what is weak and a rewrite. Needs no role, so it never waits for one.</summary>
    private static void WriteBulletReviews(Turn turn)
    {
        var bullets = BulletsInPlay(turn);
        var reviews = bullets.Take(8).Select(ResumeBulletReview.Review).ToList();
        var weakCount = reviews.Count(r => r.Problems.Length > 0);
        turn.Reply.Paragraph(weakCount == 0
            ? "These bullets already show outcomes and numbers. Nice work; here are small touches."
            : $"I looked at {reviews.Count} bullet{(reviews.Count == 1 ? "" : "s")}; {weakCount} would land better with an outcome and a number. Recruiters skim, so each bullet should say what you did, how, and what changed.");

        var number = 1;
        foreach (var review in reviews)
        {
            turn.Reply.Numbered(number++, $"\"{review.Original}\"");
            if (review.Problems.Length == 0)
            {
                turn.Reply.Bullet("Strong: it shows an outcome with a number.");
                continue;
            }

            turn.Reply.Bullet($"Why it's weak: {Phrasing.List(review.Problems)}.");
            turn.Reply.Bullet($"Try: \"{review.Rewrite}\"");
        }

        if (weakCount > 0)
        {
            turn.Reply.Paragraph("Fill the [brackets] with your real figures: an honest estimate (\"about 30%\") beats no number, and never claim what you can't explain in an interview.");
        }
    }
}
