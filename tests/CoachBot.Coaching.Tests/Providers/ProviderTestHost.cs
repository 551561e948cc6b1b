using System.Text;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Tests.Prompts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Coaching.Tests.Providers;

/// <summary>The coaching services as the app registers them, over in-memory configuration.</summary>
public static class ProviderTestHost
{
    public const string OpenAIKey = "sk-test-4f9c2b7e1d8a6350c0ffee";

    /// <summary>Settings for the openai-compatible provider at <paramref name="server"/>, with short retry delays.</summary>
    public static Dictionary<string, string?> OpenAICompatible(OpenAICompatibleServer server, string? apiKey = OpenAIKey) => new()
    {
        ["Coaching:Model"] = "openai-compatible",
        ["Coaching:Llm:Endpoint"] = server.V1.ToString(),
        ["Coaching:Llm:ModelId"] = "coach-test-model",
        ["Coaching:Llm:ApiKey"] = apiKey,
        ["Coaching:Llm:MaxRetries"] = "3",
        ["Coaching:Llm:RetryBaseDelay"] = "00:00:00.010",
        ["Coaching:Llm:MaxRetryDelay"] = "00:00:00.050",
    };

    public static ServiceProvider Build(
        IDictionary<string, string?> settings, TimeProvider? timeProvider = null, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? configure = null)
    {
        // These tests are about the model connection: turns answer from the intent's sections without waiting for retrieval.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Retrieval:TurnWaitForIndex"] = "00:00:00" })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(builder => logging?.Invoke(builder));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddCoachBotCoaching(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>What a turn streamed: the updates before the end or the failure, and the failure if any.</summary>
    public sealed record Outcome(IReadOnlyList<CoachingUpdate> Updates, Exception? Failure)
    {
        public string Text => string.Concat(Updates.Select(u => u.Delta));

        public IReadOnlyList<string> TextDeltas => [.. Updates.Select(u => u.Delta).Where(d => d.Length > 0)];
    }

    /// <summary>Runs one turn through the real engine and collects everything it streams.</summary>
    public static Task<Outcome> RunTurnAsync(
        IServiceProvider services, Action<CoachingUpdate>? onUpdate = null, CancellationToken cancellationToken = default) =>
        RunTurnAsync(services, PromptFilesTests.SampleRequest(), onUpdate, cancellationToken);

    /// <summary>Runs <paramref name="request"/> through the real engine and collects everything it streams.</summary>
    public static async Task<Outcome> RunTurnAsync(
        IServiceProvider services, CoachingRequest request, Action<CoachingUpdate>? onUpdate = null, CancellationToken cancellationToken = default)
    {
        var engine = services.GetRequiredService<ICoachingEngine>();
        var updates = new List<CoachingUpdate>();
        try
        {
            await foreach (var update in engine.StreamReplyAsync(request, cancellationToken))
            {
                updates.Add(update);
                onUpdate?.Invoke(update);
            }

            return new Outcome(updates, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new Outcome(updates, ex);
        }
    }

    /// <summary>A test-wide guard so a broken retry or timeout fails the test instead of hanging it.</summary>
    public static CancellationToken Guard(TimeSpan limit)
    {
        var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(limit);
        return guard.Token;
    }

    public static string Describe(Exception? exception)
    {
        var text = new StringBuilder();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            text.Append(current.GetType().Name).Append(": ").AppendLine(current.Message);
        }

        return text.ToString();
    }
}
