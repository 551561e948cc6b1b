using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Tools.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tools.Tests.Evaluation;

/// <summary>
/// The offline coach against the evaluation suite: one case per scenario (so a failure names it), a summary that holds the
/// overall pass rate and prints the per-intent table, the suite's own shape, and checks that can fail.
/// </summary>
public sealed class EvaluationSuiteTests(OfflineCoachFixture fixture) : IClassFixture<OfflineCoachFixture>
{
    private const double RequiredPassRate = 0.95;

    private static readonly string[] Intents = ["career-path", "skill-gaps", "resume-review", "interview-prep", "salary", "certifications", "general", "off-topic"];

    private static readonly Lazy<IReadOnlyList<EvaluationScenario>> Suite = new(() => EvaluationRunner.Load(EvaluationRunner.DefaultScenarioFile));

    [Fact]
    public void The_suite_has_120_scenarios_40_conversations_every_intent_and_every_role_page()
    {
        var scenarios = Suite.Value;

        Assert.True(scenarios.Count >= 120, $"only {scenarios.Count} scenarios");
        var conversations = scenarios.Count(s => s.IsMultiTurn);
        Assert.True(conversations >= 40, $"only {conversations} multi-turn scenarios");
        Assert.All(scenarios.Where(s => s.IsMultiTurn), s => Assert.InRange(s.Steps.Length, 2, 4));
        Assert.Superset(new HashSet<string>(Intents), scenarios.Select(s => s.Category).ToHashSet());

        var cited = scenarios.SelectMany(s => s.Steps).SelectMany(t => t.Expect?.Cites ?? []).Select(c => c[..c.LastIndexOf('/')]).ToHashSet();
        var pages = fixture.Services.GetRequiredService<RoleContentLibrary>().AllPages().Select(p => $"{p.RoleId}/{p.RegionId}");
        Assert.Superset(pages.ToHashSet(), cited);
    }

    [Fact]
    public async Task The_offline_coach_passes_at_least_the_required_share_of_the_suite()
    {
        var results = new List<ScenarioResult>();
        foreach (var scenario in Suite.Value)
        {
            results.Add(await fixture.ResultOfAsync(scenario));
        }

        var report = EvaluationReport.From("offline", results);
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine(report.ToTable());
        foreach (var failure in report.Failures)
        {
            output.WriteLine($"FAIL {failure.Id} ({failure.Intent}): {string.Join("; ", failure.Failures)}");
        }

        Assert.True(
            report.Total.PassRate >= RequiredPassRate,
            $"pass rate {report.Total.PassRate:P1} is below {RequiredPassRate:P0}\n{report.ToTable()}");
    }

    [Fact]
    public void The_checks_fail_a_reply_that_misses_facts_cites_the_wrong_section_or_states_ungrounded_figures()
    {
        var expect = new EvaluationExpectations
        {
            Intent = "salary",
            MustContain = ["USD 110,000–145,000"],
            MustNotContain = ["EUR"],
            Cites = ["backend-developer/usa/salary"],
        };
        var metadata = new ReplyMetadata { Intent = "general", Flags = [new GroundingFlag("salary", "USD 500,000", "flagged")] };
        Citation[] citations = [new("backend-developer", "germany", "salary", "Salary and market signals", "1")];

        var failures = EvaluationRunner.Check(expect, "You could earn EUR 60,000 [1].", metadata, [.. citations]);

        Assert.Contains(failures, f => f.StartsWith("intent was", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("missing: USD", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("must not contain: EUR", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("not cited: backend-developer/usa/salary", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("ungrounded salary", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reply_with_citations_but_no_markers_fails()
    {
        Citation[] citations = [new("backend-developer", "usa", "salary", "Salary and market signals", "1")];

        var failures = EvaluationRunner.Check(new EvaluationExpectations(), "Plain text without markers.", null, [.. citations]);

        Assert.Contains(failures, f => f.Contains("no [n] markers", StringComparison.Ordinal));
    }

    [Fact]
    public void Alternatives_pass_when_either_appears_and_forbidden_alternatives_fail_when_either_appears()
    {
        var expect = new EvaluationExpectations { MustContain = ["degree || equivalent experience"], MustNotContain = ["Junior || entry level"] };

        Assert.Empty(EvaluationRunner.Check(expect, "A degree helps.", null, []));
        Assert.Contains("must not contain: Junior || entry level", EvaluationRunner.Check(expect, "Equivalent experience counts at entry level.", null, []));
        Assert.Contains("missing: degree || equivalent experience", EvaluationRunner.Check(expect, "Nothing relevant.", null, []));
    }

    [Fact]
    public void A_removed_claim_does_not_fail_but_a_flagged_one_does()
    {
        var removed = new ReplyMetadata { Flags = [new GroundingFlag("salary", "USD 400,000", "removed")] };
        var flagged = new ReplyMetadata { Flags = [new GroundingFlag("certification", "Made-up Cert", "flagged")] };

        Assert.Empty(EvaluationRunner.Check(new EvaluationExpectations(), "Text.", removed, []));
        Assert.Contains("ungrounded certification: Made-up Cert", EvaluationRunner.Check(new EvaluationExpectations(), "Text.", flagged, []));
    }

    [Fact]
    public void A_conversation_puts_the_scenario_expectations_on_its_last_turn_and_files_it_under_that_intent()
    {
        var scenario = new EvaluationScenario
        {
            Id = "shape",
            Turns =
            [
                new EvaluationTurn { Message = "I'm a backend engineer", Expect = new EvaluationExpectations { Intent = "general" } },
                new EvaluationTurn { Message = "and the pay?", Expect = new EvaluationExpectations { MustContain = ["USD"] } },
            ],
            Expect = new EvaluationExpectations { Intent = "salary", MustNotContain = ["EUR"] },
        };

        Assert.True(scenario.IsMultiTurn);
        Assert.Equal("salary", scenario.Category);
        Assert.Equal(["USD"], scenario.Steps[1].Expect!.MustContain);
        Assert.Equal(["EUR"], scenario.Steps[1].Expect!.MustNotContain);
        Assert.Equal("general", scenario.Steps[0].Expect!.Intent);
    }

    [Fact]
    public async Task Memory_is_real_a_role_stated_in_the_first_message_reaches_the_second_turn()
    {
        var scenario = new EvaluationScenario
        {
            Id = "memory-probe",
            Turns =
            [
                new EvaluationTurn { Message = "I'm a data engineer with 3 years of experience", Expect = new EvaluationExpectations() },
                new EvaluationTurn { Message = "What salary should I expect?", Expect = new EvaluationExpectations { Cites = ["data-engineer/usa/salary"] } },
            ],
        };

        var result = await fixture.Services.GetRequiredService<EvaluationRunner>().RunAsync(scenario, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Turns.Length);
        Assert.Equal(3, result.Turns[1].Profile.YearsOfExperience);
        Assert.True(result.Passed, string.Join("\n", result.Failures) + "\n---\n" + result.Transcript);
    }
}
