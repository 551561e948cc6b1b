using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Tests.RoleContent;

public sealed class RolePageParserTests
{
    public static TheoryData<string> PageFiles() => [.. ShippedRolePages.FileNames()];

    [Theory]
    [MemberData(nameof(PageFiles))]
    public void Every_shipped_page_parses_and_validates(string fileName)
    {
        var page = ShippedRolePages.Parse(fileName);

        Assert.Equal(fileName, $"{page.RoleId}.{page.RegionId}.md");
        Assert.Equal(RoleSectionIds.InPageOrder.Select(s => s.SectionId), page.Sections.Select(s => s.SectionId));
        Assert.All(page.Sections, s => Assert.False(string.IsNullOrWhiteSpace(s.Text), s.SectionId));
        Assert.Equal(page.CareerLevels.Select(l => l.Name), page.Salary.Select(s => s.Level));
        Assert.Equal(page.CareerLevels.Select(l => l.Name), page.Interview.Select(i => i.Level));
        Assert.Null(page.CareerLevels[^1].MaxYears);
        Assert.All(page.Salary, s => Assert.True(s.Low <= s.High));
        Assert.All(page.Salary, s => Assert.Equal(page.Region, s.Region));
        Assert.NotEmpty(page.Overview);
        Assert.NotEmpty(page.MarketNote);
        Assert.NotEmpty(page.Resume.AtsKeywords);
        Assert.InRange(page.ActionPlan.ShortTerm.Length, 3, 6);
        Assert.InRange(page.ActionPlan.LongTerm.Length, 3, 6);
    }

    [Fact]
    public void An_upload_has_no_file_name_rule_but_every_other_rule_with_line_numbers()
    {
        var text = ShippedRolePages.Text(ShippedRolePages.BackendUsa);

        Assert.Equal("backend-developer", RolePageParser.ParseUpload(text, "page").RoleId);
        var broken = ShippedRolePages.Edit(text, "## Overview\n\n", "## Overview\n\n- a bullet where only paragraphs belong\n\n");
        var error = Assert.Throws<RoleContentException>(() => RolePageParser.ParseUpload(broken, "page"));
        Assert.Contains(error.Problems, p => p.StartsWith("page:13: ", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Problems, p => p.Contains("file name", StringComparison.Ordinal));
    }

    [Fact]
    public void At_least_one_page_is_for_a_region_other_than_the_usa()
    {
        var pages = ShippedRolePages.FileNames().Select(ShippedRolePages.Parse).ToList();

        Assert.True(pages.Count >= 8, $"expected the 8 shipped pages, found {pages.Count}");
        Assert.Contains(pages, p => p.RegionId != "usa");
    }

    [Fact]
    public void Backend_developer_usa_has_the_front_matter_values_as_strings()
    {
        var page = ShippedRolePages.Parse(ShippedRolePages.BackendUsa);

        Assert.Equal("backend-developer", page.RoleId);
        Assert.Equal("Backend Developer", page.Role);
        Assert.Equal("usa", page.RegionId);
        Assert.Equal("USA", page.Region);
        Assert.Equal("2026.11.1", page.Version);
        Assert.Equal(new DateOnly(2026, 11, 20), page.LastReviewed);
        Assert.Equal(["backend engineer", "server-side developer", "api developer", "back-end developer", "backend software engineer"], page.Aliases);
        Assert.EndsWith(ShippedRolePages.BackendUsa, page.SourceFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Backend_developer_usa_has_exactly_the_four_levels()
    {
        var levels = ShippedRolePages.Parse(ShippedRolePages.BackendUsa).CareerLevels;

        Assert.Equal(
            [("Junior Backend Developer", 0, (int?)2), ("Backend Developer", 2, 5), ("Senior Backend Developer", 5, 8), ("Staff/Principal Engineer", 8, null)],
            levels.Select(l => (l.Name, l.MinYears, l.MaxYears)));
        Assert.Equal(["0–2 years", "2–5 years", "5–8 years", "8+ years"], levels.Select(l => l.YearsText));
        Assert.StartsWith("Ships well-scoped tickets with guidance", levels[0].Expectations, StringComparison.Ordinal);
        Assert.Equal(3, levels[0].Milestones.Length);
        Assert.Equal(4, levels[1].Milestones.Length);
    }

    [Fact]
    public void Backend_developer_usa_has_the_core_hard_skills_and_its_certifications()
    {
        var page = ShippedRolePages.Parse(ShippedRolePages.BackendUsa);
        var skills = page.HardSkills.Select(s => s.Name).ToList();

        Assert.Equal(["Data structures", "Algorithms", "APIs", "Testing", "CI/CD", "Design patterns"], skills.Take(6));
        Assert.StartsWith("Designs consistent, versioned REST or gRPC interfaces", page.HardSkills[2].Description, StringComparison.Ordinal);
        Assert.Contains(page.Certifications, c => c.Name == "AWS Certified Developer – Associate" && c.Issuer == "Amazon Web Services");
        Assert.Contains(page.Certifications, c => c.Name == "Microsoft Certified: Azure Developer Associate" && c.Issuer == "Microsoft");
        Assert.Equal(5, page.SoftSkills.Length);
    }

    [Fact]
    public void Certification_names_may_carry_their_own_parentheses()
    {
        var page = ShippedRolePages.Parse("devops-engineer.usa.md");

        var cka = Assert.Single(page.Certifications, c => c.Name == "Certified Kubernetes Administrator (CKA)");
        Assert.Equal("The Linux Foundation", cka.Issuer);
        Assert.StartsWith("A hands-on exam", cka.WhenItHelps, StringComparison.Ordinal);
    }

    [Fact]
    public void Salary_and_market_signals_are_typed()
    {
        var page = ShippedRolePages.Parse("backend-developer.germany.md");

        var junior = page.Salary[0];
        Assert.Equal(new SalarySignal("Junior Backend Developer", 0, 2, "EUR", 45_000, 58_000, "Germany", new DateOnly(2026, 6, 1)), junior);
        Assert.Equal("2026-06", junior.AsOfText);
        Assert.Null(page.Salary[^1].MaxYears);
        Assert.Equal(SignalRating.High, page.Demand.Rating);
        Assert.StartsWith("companies across industries", page.Demand.Text, StringComparison.Ordinal);
        Assert.Equal(SignalRating.High, page.RemoteFeasibility.Rating);
        Assert.Equal(["City differences", "German language", "Pay structure"], page.OtherMarketSignals.Select(s => s.Label));
        Assert.StartsWith("These ranges are approximate market signals", page.MarketNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_interview_and_action_plan_are_typed()
    {
        var page = ShippedRolePages.Parse(ShippedRolePages.BackendUsa);

        Assert.Equal("Worked on backend services and fixed bugs.", page.Resume.WeakBullet);
        Assert.StartsWith("Rebuilt the order-status API", page.Resume.StrongBullet, StringComparison.Ordinal);
        Assert.StartsWith("mirror the exact terms", page.Resume.AtsKeywords, StringComparison.Ordinal);
        Assert.Equal(5, page.Resume.Advice.Length);
        Assert.Equal(3, page.Interview[0].Themes.Length);
        Assert.Equal(4, page.Interview[0].PracticeQuestions.Length);
        Assert.Equal(6, page.Pitfalls.Length);
        Assert.Equal(6, page.Tips.Length);
        Assert.Equal(4, page.ActionPlan.ShortTerm.Length);
        Assert.Single(page.Education);
        Assert.Equal(2, page.Overview.Split("\n\n").Length);
    }

    [Fact]
    public void Each_section_is_plain_text_and_can_be_cited()
    {
        var page = ShippedRolePages.Parse(ShippedRolePages.BackendUsa);

        var levels = page.Section(RoleSectionIds.CareerLevels);
        Assert.Equal("Career levels", levels.Title);
        Assert.StartsWith("Junior Backend Developer (0–2 years)\n\nExpectations: Ships", levels.Text, StringComparison.Ordinal);
        Assert.Contains("\nMilestones:\n- Merge a first production change", levels.Text, StringComparison.Ordinal);
        Assert.StartsWith("- Data structures — ", page.Section(RoleSectionIds.HardSkills).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", string.Concat(page.Sections.Select(s => s.Text)), StringComparison.Ordinal);

        var citation = page.Cite(RoleSectionIds.Salary);
        Assert.Equal(new Conversations.Citation("backend-developer", "usa", "salary", "Salary and market signals", "2026.11.1"), citation with { Passage = null });
        Assert.StartsWith("- Junior Backend Developer (0–2 years): USD ", citation.Passage, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => page.Section("unknown"));
    }

    [Theory]
    [InlineData(0, "Junior Backend Developer")]
    [InlineData(1.5, "Junior Backend Developer")]
    [InlineData(2, "Backend Developer")]
    [InlineData(7.9, "Senior Backend Developer")]
    [InlineData(25, "Staff/Principal Engineer")]
    public void The_level_for_years_of_experience_uses_the_level_ranges(double years, string expected)
    {
        var page = ShippedRolePages.Parse(ShippedRolePages.BackendUsa);

        Assert.Equal(expected, page.LevelFor((decimal)years).Name);
    }

    [Fact]
    public void A_page_reports_every_problem_it_has_at_once()
    {
        var text = ShippedRolePages.Edit(ShippedRolePages.Text(ShippedRolePages.BackendUsa), "- **Testing** —", "- **Testing**:");
        text = ShippedRolePages.Edit(text, "USD 110,000–145,000", "USD 150,000–145,000");

        var error = ShippedRolePages.Reject(text);

        Assert.Equal(2, error.Problems.Length);
        Assert.All(error.Problems, p => Assert.StartsWith("backend-developer.usa.md:", p, StringComparison.Ordinal));
        Assert.Contains("skill bullet '- **Testing**: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("the low end 150,000 is above the high end 145,000", error.Message, StringComparison.Ordinal);
    }
}
