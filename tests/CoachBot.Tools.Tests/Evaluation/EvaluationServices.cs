using CoachBot.Coaching;
using CoachBot.Coaching.Retrieval;
using CoachBot.Tools.Evaluation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoachBot.Tools.Tests.Evaluation;

/// <summary>The coaching services as the evaluation tool runs them, started and stopped like the tool's host does.</summary>
internal static class EvaluationServices
{
    /// <summary>Builds the services over <paramref name="settings"/> (no typing pace, the shared embedding cache) and waits for the index.</summary>
    public static async Task<ServiceProvider> StartAsync(IDictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>(settings)
        {
            ["Coaching:Offline:ChunkDelay"] = "00:00:00",
            ["Retrieval:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "coachbot-test-embeddings"),
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCoachBotCoaching(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddSingleton<EvaluationRunner>();
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await provider.GetRequiredService<HybridRetriever>().WaitUntilReadyAsync();
        return provider;
    }

    /// <summary>Stops the background work before the services are disposed.</summary>
    public static async ValueTask StopAsync(ServiceProvider provider)
    {
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await provider.DisposeAsync();
    }
}
