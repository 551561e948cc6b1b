using CoachBot.Coaching.Intents;
using CoachBot.Coaching.Tests.Support;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Tests.Engine;

public sealed class CoachingContextBuilderTests(SharedCoachingKit shared)
{
    private readonly CoachingKit _kit = shared.Kit;

    private Task<CoachBot.Coaching.Engine.CoachingContext> BuildAsync(string question, CareerProfile? profile = null) =>
        _kit.Contexts.BuildAsync(CoachingKit.Request(question, profile), TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_role_named_in_the_question_wins_over_the_profiles_target_role()
    {
        var context = await BuildAsync("What does a data engineer earn?", CareerProfile.Empty with { TargetRole = "Backend Developer" });

        Assert.Equal(("data-engineer", "usa"), (context.Page!.RoleId, context.Page.RegionId));
        Assert.Equal(CoachingIntent.Salary, context.Intent.Intent);
        Assert.Equal("salary", context.Sections[0].SectionId);
    }

    [Fact]
    public async Task A_region_named_in_the_question_wins_over_the_profiles_region()
    {
        var context = await BuildAsync("What's the pay in Germany?", CareerProfile.Empty with { TargetRole = "Backend Developer", Region = "USA" });

        Assert.Equal("germany", context.Page!.RegionId);
    }

    [Fact]
    public async Task The_profiles_region_picks_the_regional_page_and_falls_back_to_the_default()
    {
        var german = await BuildAsync("What's next for me?", CareerProfile.Empty with { TargetRole = "backend engineer", Region = "Germany" });
        var unknownRegion = await BuildAsync("What's next for me?", CareerProfile.Empty with { TargetRole = "backend engineer", Region = "Atlantis" });

        Assert.Equal("germany", german.Page!.RegionId);
        Assert.Equal("usa", unknownRegion.Page!.RegionId);
    }

    [Fact]
    public async Task Without_a_known_role_there_is_no_page_and_no_grounding()
    {
        var context = await BuildAsync("How do I get promoted?");

        Assert.Null(context.Page);
        Assert.Null(context.Assessment);
        Assert.Empty(context.Sections);
        Assert.Contains("Backend Developer", context.KnownRoles);
    }

    [Fact]
    public async Task Retrieval_adds_the_sections_closest_to_the_question_after_the_intents_own()
    {
        var context = await BuildAsync("What mistakes should I avoid as a backend developer?", CareerProfile.Empty with { YearsOfExperience = 2 });

        Assert.Equal("pitfalls", context.Retrieved[0].SectionId);
        Assert.Contains(context.Sections, s => s.SectionId == "pitfalls");
        Assert.True(context.Sections.Length <= CoachBot.Coaching.Engine.CoachingContextBuilder.MaxSections);
        Assert.Equal(context.Sections.Length, context.Sections.Select(s => s.SectionId).Distinct().Count());
    }

    [Fact]
    public async Task The_offline_coach_answers_an_uncategorised_question_from_the_retrieved_section()
    {
        var (text, final, _) = await _kit.AskAsync(CoachingKit.Request("What mistakes should I avoid as a backend developer?"));

        // The answer is the mistakes themselves, from the guide's pitfalls, not a pointer to the section.
        var pitfalls = _kit.Library.Get("backend-developer", "usa")!.Pitfalls;
        Assert.True(pitfalls.Count(p => text.Contains(p[..30], StringComparison.Ordinal)) >= 2, text);
        Assert.Contains(final.Citations, c => c.SectionId == "pitfalls");
    }
}
