using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

public sealed class PassageSplitterTests
{
    [Fact]
    public void A_short_section_is_one_passage_without_markup()
    {
        var passages = PassageSplitter.Split("- **APIs** — Designs clean interfaces.\n\n- **Testing** — Writes tests.", 50);

        Assert.Equal(["- APIs — Designs clean interfaces.\n- Testing — Writes tests."], passages);
    }

    [Fact]
    public void A_long_section_splits_into_passages_within_the_limit_that_cover_every_line()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $"- Bullet {i} has exactly seven words here.").ToList();

        var passages = PassageSplitter.Split(string.Join('\n', lines), 40);

        Assert.True(passages.Count > 1);
        Assert.All(passages, p => Assert.True(p.Split([' ', '\n']).Length <= 40, p));
        Assert.All(lines, line => Assert.Contains(passages, p => p.Contains(line, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_new_passage_repeats_a_short_last_line_so_labels_stay_with_their_bullets()
    {
        var text = "Paragraph one has quite a few words in it to fill up space.\nMilestones:\n- Ship a feature to production with tests.";

        var passages = PassageSplitter.Split(text, 16);

        Assert.Equal(2, passages.Count);
        Assert.Equal("Milestones:\n- Ship a feature to production with tests.", passages[1]);
    }

    [Fact]
    public void Passages_under_a_sub_heading_start_with_it()
    {
        var text = "### Senior Engineer (5–8 years)\n\nExpectations: Leads initiatives across teams and mentors others well.\n\n"
            + "Milestones:\n- Write an architecture proposal that teams adopt.\n- Improve reliability in a measurable way.";

        var passages = PassageSplitter.Split(text, 20);

        Assert.True(passages.Count >= 2);
        Assert.All(passages, p => Assert.StartsWith("Senior Engineer (5–8 years)\n", p, StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_cut_into_overlapping_windows()
    {
        var words = Enumerable.Range(1, 100).Select(i => $"w{i}").ToList();

        var passages = PassageSplitter.Split(string.Join(' ', words), 40);

        Assert.True(passages.Count >= 3);
        Assert.All(passages, p => Assert.True(p.Split(' ').Length <= 40));
        Assert.All(words, w => Assert.Contains(passages, p => p.Split(' ').Contains(w)));
        Assert.Contains(passages[1].Split(' ')[0], passages[0].Split(' '));
    }

    [Fact]
    public void An_empty_section_has_no_passages() => Assert.Empty(PassageSplitter.Split("\n\n", 50));
}
