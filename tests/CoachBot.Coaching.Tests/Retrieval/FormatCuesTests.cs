using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>The format-aware parts of passage search: label cues, career levels, abbreviations and role words.</summary>
public sealed class FormatCuesTests
{
    private static readonly AnswerUnit[] ManagerLadder =
    [
        new("Team Lead (0–2 years)\nExpectations: Leads a small team.\nMilestones:\n- Runs one-on-ones.", "Team Lead (0–2 years)"),
        new("Engineering Manager (2–5 years)\nExpectations: Manages a full team.\nMilestones:\n- Hires.", "Engineering Manager (2–5 years)"),
        new("Senior Engineering Manager (5–9 years)\nExpectations: Manages managers.\nMilestones:\n- Sets direction.", "Senior Engineering Manager (5–9 years)"),
        new("Director of Engineering (9+ years)\nExpectations: Leads an organization.\nMilestones:\n- Owns budget.", "Director of Engineering (9+ years)"),
    ];

    private static readonly AnswerUnit[] DeveloperLadder =
    [
        new("Junior Backend Developer (0–2 years)\nExpectations: Ships small features.", "Junior Backend Developer (0–2 years)"),
        new("Backend Developer (2–5 years)\nExpectations: Owns features.", "Backend Developer (2–5 years)"),
        new("Senior Backend Developer (5–8 years)\nExpectations: Leads initiatives.", "Senior Backend Developer (5–8 years)"),
        new("Staff/Principal Engineer (8+ years)\nExpectations: Sets direction.", "Staff/Principal Engineer (8+ years)"),
    ];

    [Theory]
    [InlineData("can I work from home?", "Remote feasibility")]
    [InlineData("is it hard to find jobs right now", "Demand")]
    [InlineData("do they give stock or a bonus", "Total compensation")]
    [InlineData("show me a strong bullet", "Strong bullet")]
    [InlineData("what does a weak one look like", "Weak bullet")]
    [InlineData("which keywords get past the ats", "ATS keywords")]
    public void A_question_cues_the_label_that_answers_it(string question, string label) =>
        Assert.Contains(label, LabelCues.Cued(question).Keys);

    [Fact]
    public void A_unit_carries_its_own_label_its_list_label_and_a_label_word_of_its_own_label()
    {
        var remote = new Dictionary<string, int> { ["Remote feasibility"] = 1 };
        var premium = new Dictionary<string, int> { ["Premium"] = 2 };
        var certifications = new Dictionary<string, int> { ["Certifications"] = 1 };

        Assert.Equal(1, LabelCues.Strength(new("- Remote feasibility: high — most teams are distributed.", null), remote));
        Assert.Equal(1, LabelCues.Strength(new("Remote feasibility is high for this role.", null), remote));
        Assert.Equal(0, LabelCues.Strength(new("- Work with remote teammates through written updates.", null), remote));
        Assert.Equal(2, LabelCues.Strength(new("- SDET premium: SDET roles pay toward the top of each range.", null), premium));
        Assert.Equal(1, LabelCues.Strength(new("- CKA (CNCF) — Useful for Kubernetes-heavy teams.", "Certifications"), certifications));
    }

    [Fact]
    public void The_longest_cue_decides_between_labels()
    {
        var cued = LabelCues.Cued("what is the total comp");

        Assert.True(cued["Total compensation"] > cued[""]);
    }

    [Theory]
    [InlineData("whats the pay for mid-level backend", 1)]
    [InlineData("what should a junior dev learn", 0)]
    [InlineData("new grad salary", 0)]
    [InlineData("what do senior engineers do", 2)]
    [InlineData("how do I become a staff engineer", 3)]
    [InlineData("i have 3 yrs exp, what is next", 1)]
    [InlineData("with 10 years of experience", 3)]
    public void Level_words_and_years_map_to_the_pages_own_levels(string question, int level) =>
        Assert.Equal([level], LevelCues.Of(DeveloperLadder).Asked(question));

    [Theory]
    [InlineData("what should a first-time team lead focus on", 0)]
    [InlineData("what does a director of engineering own", 3)]
    [InlineData("what is a senior engineering manager responsible for", 2)]
    public void A_level_word_in_a_level_name_wins_over_its_usual_rung(string question, int level) =>
        Assert.Equal([level], LevelCues.Of(ManagerLadder).Asked(question));

    [Fact]
    public void A_question_without_a_level_names_none()
    {
        Assert.Empty(LevelCues.Of(DeveloperLadder).Asked("how long should my resume be"));
    }

    [Fact]
    public void Level_blocks_salary_lines_and_interview_blocks_belong_to_their_level()
    {
        var levels = LevelCues.Of(DeveloperLadder);

        Assert.Equal(2, levels.LevelOf(DeveloperLadder[2]));
        Assert.Equal(1, levels.LevelOf(new("- Backend Developer (2–5 years): USD 110,000–145,000 base (USA, as of 2026-06)", null)));
        Assert.Equal(0, levels.LevelOf(new("Junior Backend Developer\n- Fundamentals.", "Junior Backend Developer")));
        Assert.Equal(-1, levels.LevelOf(new("- Demand: high — steady hiring.", null)));
    }

    [Fact]
    public void Abbreviations_add_the_spelled_out_words_and_never_the_reverse()
    {
        var pm = EnglishAnalyzer.AnalyzeQuery("should pms learn sql");
        var spelled = EnglishAnalyzer.AnalyzeQuery("should product managers learn sql");

        Assert.Equal(EnglishAnalyzer.SynonymWeight, pm["product"]);
        Assert.Equal(EnglishAnalyzer.SynonymWeight, pm["manager"]);
        Assert.DoesNotContain("pms", spelled.Keys);
        Assert.Contains(EnglishAnalyzer.Stem("reliability"), EnglishAnalyzer.Words("what does an sre do"));
    }

    [Fact]
    public void The_pages_own_role_words_and_their_abbreviations_are_left_out()
    {
        var roleTerms = EnglishAnalyzer.RoleTerms("product-manager");

        var terms = EnglishAnalyzer.AnalyzeQuery("should pms learn sql", roleTerms);

        Assert.Contains("pm", roleTerms);
        Assert.Equal(["learn", "sql"], terms.Keys.Order(StringComparer.Ordinal));
    }
}
