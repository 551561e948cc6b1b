using CoachBot.Coaching.Grounding;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Tests.Grounding;

public sealed class GroundingCheckTests
{
    private static readonly RoleSection Salary = new("backend-developer", "usa", "2026.11.1", "salary", "Salary and market signals",
        "- Backend Developer (2–5 years): USD 110,000–145,000 base (USA, as of 2026-06)\n- Senior Backend Developer (5–8 years): USD 140,000–185,000 base (USA, as of 2026-06)");

    private static readonly RoleSection Education = new("backend-developer", "usa", "2026.11.1", "education", "Education and certifications",
        "Certifications:\n- AWS Certified Developer – Associate (Amazon Web Services) — Useful for AWS shops.");

    [Theory]
    [InlineData("Expect USD 110,000–145,000 at your level [1].")]
    [InlineData("Seniors earn USD 140,000–185,000 [1].")]
    [InlineData("The range starts at $110,000 [1].")]
    [InlineData("Think of it as 110k to 145k [1].")]
    [InlineData("Seniors reach 185k USD [1].")]
    public void Salary_figures_from_the_cited_content_pass(string reply)
    {
        Assert.Empty(GroundingCheck.Check(reply, [Salary]));
    }

    [Theory]
    [InlineData("You could make USD 250,000 at your level.", "USD 250,000")]
    [InlineData("Expect $99,000-$120,000.", "$99,000-$120,000")]
    [InlineData("Offers of €80,000 are common.", "€80,000")]
    [InlineData("Pay is around $200k.", "$200k")]
    [InlineData("Pay is around 200k USD.", "200k USD")]
    [InlineData("Offers reach 95,000–99,000 EUR.", "95,000–99,000 EUR")]
    public void Salary_figures_not_in_the_content_are_flagged(string reply, string flagged)
    {
        var flag = Assert.Single(GroundingCheck.Check(reply, [Salary]));
        Assert.Equal((GroundingCheck.SalaryKind, flagged, GroundingCheck.Flagged), (flag.Kind, flag.Text, flag.Action));
    }

    [Fact]
    public void Certifications_named_in_the_content_pass_and_others_are_flagged()
    {
        var flags = GroundingCheck.Check(
            "Get the AWS Certified Developer – Associate first, then consider the CKA or the Google Professional Cloud Architect certification.",
            [Education]);

        Assert.Equal(["CKA", "Google Professional Cloud Architect"], flags.Select(f => f.Text).Order(StringComparer.Ordinal));
        Assert.All(flags, f => Assert.Equal(GroundingCheck.CertificationKind, f.Kind));
    }

    [Fact]
    public void A_reply_without_figures_or_certifications_has_no_flags()
    {
        Assert.Empty(GroundingCheck.Check("Focus on testing and write a design document this quarter.", [Salary, Education]));
    }
}
