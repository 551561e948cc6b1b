using CoachBot.Coaching;
using CoachBot.Conversations;
using CoachBot.Tools.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using CoachBot.Coaching.Retrieval;

namespace CoachBot.Tools.Tests.Evaluation;

/// <summary>The coaching services as the tool runs them (offline, no pacing), started once for the class.</summary>
public sealed class OfflineCoachFixture : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public IServiceProvider Services => _services;

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Coaching:Offline:ChunkDelay"] = "00:00:00",
                ["Retrieval:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "coachbot-test-embeddings"),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCoachBotCoaching(configuration);
        services.AddSingleton<EvaluationRunner>();
        _services = services.BuildServiceProvider();
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await _services.GetRequiredService<HybridRetriever>().WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}

/// <summary>The offline coach passes the whole evaluation suite; the checks themselves catch bad replies.</summary>
public sealed class EvaluationSuiteTests(OfflineCoachFixture fixture) : IClassFixture<OfflineCoachFixture>
{
    private readonly IServiceProvider _services = fixture.Services;

    public static TheoryData<string> ScenarioIds()
    {
        var data = new TheoryData<string>();
        foreach (var scenario in EvaluationRunner.Load(EvaluationRunner.DefaultScenarioFile))
        {
            data.Add(scenario.Id);
        }

        return data;
    }

    [Fact]
    public void The_suite_has_at_least_thirty_scenarios_covering_every_intent()
    {
        var scenarios = EvaluationRunner.Load(EvaluationRunner.DefaultScenarioFile);

        Assert.True(scenarios.Length >= 30, $"only {scenarios.Length} scenarios");
        var intents = scenarios.Select(s => s.Expect.Intent).OfType<string>().ToHashSet();
        Assert.Superset(new HashSet<string> { "career-path", "skill-gaps", "resume-review", "interview-prep", "salary", "certifications", "general", "off-topic" }, intents);
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public async Task The_offline_coach_passes_scenario(string id)
    {
        var scenario = EvaluationRunner.Load(EvaluationRunner.DefaultScenarioFile).Single(s => s.Id == id);

        var result = await _services.GetRequiredService<EvaluationRunner>().RunAsync(scenario, TestContext.Current.CancellationToken);

        Assert.True(result.Passed, string.Join("\n", result.Failures) + "\n---\n" + result.Reply);
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
}
