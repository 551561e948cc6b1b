using System.Collections.Concurrent;
using CoachBot.Coaching;
using CoachBot.Coaching.Retrieval;
using CoachBot.Tools.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoachBot.Tools.Tests.Evaluation;

/// <summary>
/// The coaching services as the tool runs them (offline, no pacing), started once for the class. Each scenario runs once:
/// the per-scenario cases and the summary share the results.
/// </summary>
public sealed class OfflineCoachFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ScenarioResult>>> _results = new(StringComparer.Ordinal);
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

    /// <summary>The scenario's result, run on first use.</summary>
    public Task<ScenarioResult> ResultOfAsync(EvaluationScenario scenario) =>
        _results.GetOrAdd(scenario.Id, _ => new Lazy<Task<ScenarioResult>>(() => _services.GetRequiredService<EvaluationRunner>().RunAsync(scenario, CancellationToken.None))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
