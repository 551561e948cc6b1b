using CoachBot.Coaching.Reasoning;
using CoachBot.Coaching.RoleContent;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Tests.Reasoning;

public sealed class CareerReasonerTests
{
    private static readonly RoleContentLibrary Library = new(RoleContentLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "content", "roles")));

    private static RolePage Backend => Library.Get("backend-developer", "usa")!;

    [Theory]
    [InlineData(0, "Junior Backend Developer (0–2 years)", "Backend Developer (2–5 years)")]
    [InlineData(1.5, "Junior Backend Developer (0–2 years)", "Backend Developer (2–5 years)")]
    [InlineData(2, "Backend Developer (2–5 years)", "Senior Backend Developer (5–8 years)")]
    [InlineData(3, "Backend Developer (2–5 years)", "Senior Backend Developer (5–8 years)")]
    [InlineData(7.9, "Senior Backend Developer (5–8 years)", "Staff/Principal Engineer (8+ years)")]
    [InlineData(12, "Staff/Principal Engineer (8+ years)", null)]
    public void Years_of_experience_place_the_person_on_the_ladder(double years, string current, string? next)
    {
        var assessment = CareerReasoner.Assess(CareerProfile.Empty with { YearsOfExperience = (decimal)years }, Backend);

        Assert.Equal(current, assessment.CurrentLevel);
        Assert.Equal(next, assessment.NextLevel);
        Assert.Contains("→ the", assessment.CurrentLevelReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reason_states_the_years_and_the_stage()
    {
        var assessment = CareerReasoner.Assess(CareerProfile.Empty with { YearsOfExperience = 3 }, Backend);

        Assert.Equal("3 years of experience → the Backend Developer (2–5 years) stage", assessment.CurrentLevelReason);
        Assert.False(string.IsNullOrWhiteSpace(assessment.NextLevelExpectations));
    }

    [Theory]
    [InlineData("Senior", "Senior Backend Developer (5–8 years)")]
    [InlineData("mid-level", "Backend Developer (2–5 years)")]
    [InlineData("junior", "Junior Backend Developer (0–2 years)")]
    [InlineData("Principal", "Staff/Principal Engineer (8+ years)")]
    public void A_stated_level_is_used_when_years_are_unknown(string level, string expected)
    {
        Assert.Equal(expected, CareerReasoner.Assess(CareerProfile.Empty with { Level = level }, Backend).CurrentLevel);
    }

    [Fact]
    public void Unknown_years_and_level_give_no_current_level_and_say_why()
    {
        var assessment = CareerReasoner.Assess(CareerProfile.Empty, Backend);

        Assert.Null(assessment.CurrentLevel);
        Assert.Equal("years of experience are not known yet", assessment.CurrentLevelReason);
    }

    [Fact]
    public void Skill_gaps_are_role_skills_the_profile_lacks_or_rates_low()
    {
        var profile = CareerProfile.Empty with
        {
            Skills = [new SkillEntry("REST APIs", 4, []), new SkillEntry("testing", 2, []), new SkillEntry("CI/CD", 3, []), new SkillEntry("Communication", 1, [])],
        };

        var gaps = CareerReasoner.Assess(profile, Backend).SkillGaps;

        Assert.DoesNotContain(gaps, g => g.Skill == "APIs");
        Assert.DoesNotContain(gaps, g => g.Skill == "CI/CD");
        Assert.Contains(gaps, g => g is { Skill: "Testing", Kind: "hard", Reason: "rated 2 of 5" });
        Assert.Contains(gaps, g => g is { Skill: "Data structures", Reason: "missing" });
        Assert.Contains(gaps, g => g is { Skill: "Communication", Kind: "soft", Reason: "rated 1 of 5" });
    }

    [Fact]
    public void Recommended_certifications_leave_out_the_ones_held()
    {
        var profile = CareerProfile.Empty with { Certifications = ["AWS Developer Associate"] };

        var recommended = CareerReasoner.Assess(profile, Backend).RecommendedCertifications;

        Assert.DoesNotContain("AWS Certified Developer – Associate", recommended);
        Assert.Contains("Microsoft Certified: Azure Developer Associate", recommended);
    }

    [Theory]
    [InlineData("CKA", "Certified Kubernetes Administrator (CKA)", true)]
    [InlineData("AWS Solutions Architect Associate", "AWS Certified Solutions Architect – Associate", true)]
    [InlineData("AWS Developer Associate", "AWS Certified Solutions Architect – Associate", false)]
    public void Certification_names_match_the_way_people_write_them(string held, string name, bool same)
    {
        Assert.Equal(same, SkillMatcher.SameCertification(held, name));
    }
}
