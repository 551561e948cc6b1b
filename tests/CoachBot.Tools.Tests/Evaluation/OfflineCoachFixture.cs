using System.Collections.Concurrent;
using CoachBot.Tools.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tools.Tests.Evaluation;

/// <summary>
/// The coaching services as the tool runs them (offline, no pacing), started once for the class. Each scenario runs once
/// and every test that reads it shares the result.
/// </summary>
public sealed class OfflineCoachFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ScenarioResult>>> _results = new(StringComparer.Ordinal);
    private ServiceProvider _services = null!;

    public IServiceProvider Services => _services;

    public async ValueTask InitializeAsync() => _services = await EvaluationServices.StartAsync(new Dictionary<string, string?>());

    /// <summary>The scenario's result, run on first use.</summary>
    public Task<ScenarioResult> ResultOfAsync(EvaluationScenario scenario) =>
        _results.GetOrAdd(scenario.Id, _ => new Lazy<Task<ScenarioResult>>(() => _services.GetRequiredService<EvaluationRunner>().RunAsync(scenario, CancellationToken.None))).Value;

    public ValueTask DisposeAsync() => EvaluationServices.StopAsync(_services);
}
