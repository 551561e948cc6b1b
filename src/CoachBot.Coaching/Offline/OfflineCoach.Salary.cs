using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Offline;

public static partial class OfflineCoach
{
    private static void WriteSalary(Turn turn)
    {
        var page = turn.Page;
        var signals = page.Salary;
        var level = turn.AskedOrCurrentLevel;
        var mine = level is not null ? signals.FirstOrDefault(s => s.Level == level.Name) : null;
        var nextLevel = level is not null && page.CareerLevels.IndexOf(level) is var i && i >= 0 && i + 1 < page.CareerLevels.Length ? page.CareerLevels[i + 1] : null;
        var next = nextLevel is not null ? signals.FirstOrDefault(s => s.Level == nextLevel.Name) : null;

        if (mine is not null)
        {
            turn.Reply.Paragraph(turn.Grounded(
                $"For the {mine.Level} stage ({level!.YearsText}) in {turn.RegionName}, the base salary signal is **{Phrasing.Money(mine.Currency, mine.Low, mine.High)}** a year, as of {mine.AsOfText}",
                RoleSectionIds.Salary));
            if (next is not null)
            {
                turn.Reply.Paragraph(turn.Grounded(
                    $"The next step, {next.Level}, sits at **{Phrasing.Money(next.Currency, next.Low, next.High)}**, so growing into that level is also the clearest route to higher pay",
                    RoleSectionIds.Salary));
            }
        }
        else
        {
            turn.Reply.Paragraph(turn.Grounded($"Base salary signals for {turn.RoleInRegion}, by level (as of {signals[0].AsOfText})", RoleSectionIds.Salary));
            foreach (var signal in signals)
            {
                var levelYears = page.CareerLevels.First(l => l.Name == signal.Level).YearsText;
                turn.Reply.Bullet($"{signal.Level} ({levelYears}): **{Phrasing.Money(signal.Currency, signal.Low, signal.High)}**");
            }

            turn.Reply.Paragraph("Tell me your years of experience and I'll point to the range that fits you.");
        }

        turn.Reply.Heading("Market signals");
        turn.Reply.Bullet(turn.Grounded($"Demand is {page.Demand.Rating.ToString().ToLowerInvariant()}: {Phrasing.Lower(page.Demand.Text)}", RoleSectionIds.Salary));
        turn.Reply.Bullet(turn.Grounded($"Remote feasibility is {page.RemoteFeasibility.Rating.ToString().ToLowerInvariant()}: {Phrasing.Lower(page.RemoteFeasibility.Text)}", RoleSectionIds.Salary));
        foreach (var other in page.OtherMarketSignals)
        {
            turn.Reply.Bullet(turn.Grounded($"{other.Label}: {Phrasing.Lower(other.Text)}", RoleSectionIds.Salary));
        }

        turn.Reply.Paragraph(turn.Grounded(page.MarketNote, RoleSectionIds.Salary));
        turn.Reply.Paragraph("Would it help to plan how to reach the next level, or to prepare for a pay conversation?");
    }
}
