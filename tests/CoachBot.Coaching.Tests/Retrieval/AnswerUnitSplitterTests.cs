using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

public sealed class AnswerUnitSplitterTests
{
    [Fact]
    public void Bullets_are_units_of_their_own_and_keep_their_label_as_context()
    {
        var units = AnswerUnitSplitter.Split("Certifications:\n- **CKA** (The Linux Foundation) — Hands-on.\n- **Terraform Associate** (HashiCorp) — Useful.");

        Assert.Equal(
            [new AnswerUnit("- CKA (The Linux Foundation) — Hands-on.", "Certifications"), new AnswerUnit("- Terraform Associate (HashiCorp) — Useful.", "Certifications")],
            units);
    }

    [Fact]
    public void A_long_paragraph_is_cut_into_sentences_that_are_verbatim_slices_of_it()
    {
        const string Paragraph = "Most postings ask for a Bachelor's degree in computer science or a related field, or equivalent practical experience, and many employers accept the latter. "
            + "Bootcamp graduates and self-taught developers usually need a stronger portfolio to get past the first screen. Short one here.";

        var units = AnswerUnitSplitter.Split(Paragraph);

        Assert.Equal(2, units.Count);
        Assert.StartsWith("Most postings", units[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("Short one here.", units[1].Text, StringComparison.Ordinal);
        Assert.All(units, u => Assert.Contains(u.Text, Paragraph, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("### Senior Engineer (5–8 years)\n\nExpectations: Leads initiatives.\n\nMilestones:\n- Write a proposal.\n\n### Staff Engineer (8+ years)\n\nExpectations: Sets direction.")]
    [InlineData("Senior Engineer (5–8 years)\n\nExpectations: Leads initiatives.\n\nMilestones:\n- Write a proposal.\n\nStaff Engineer (8+ years)\n\nExpectations: Sets direction.")]
    public void A_sub_heading_block_is_one_unit_in_markdown_and_in_plain_text(string text)
    {
        var units = AnswerUnitSplitter.Split(text);

        Assert.Equal(
            [
                new AnswerUnit("Senior Engineer (5–8 years)\nExpectations: Leads initiatives.\nMilestones:\n- Write a proposal.", "Senior Engineer (5–8 years)"),
                new AnswerUnit("Staff Engineer (8+ years)\nExpectations: Sets direction.", "Staff Engineer (8+ years)"),
            ],
            units);
    }
}
