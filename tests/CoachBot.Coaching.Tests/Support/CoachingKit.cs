using CoachBot.Coaching.Engine;
using CoachBot.Coaching.RoleContent;
using CoachBot.Ids;
using CoachBot.Profiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Coaching.Tests.Support;

/// <summary>The coaching services as the app registers them, over the shipped prompts and role pages, with no streaming delay.</summary>
public sealed class CoachingKit : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _started;

    public CoachingKit(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Coaching:Offline:ChunkDelay"] = "00:00:00",
            ["Retrieval:CacheDirectory"] = SharedEmbeddingCache,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCoachBotCoaching(configuration);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    /// <summary>Embeddings of the shipped pages are computed once per machine and reused by every test host.</summary>
    public static string SharedEmbeddingCache { get; } = Path.Combine(Path.GetTempPath(), "coachbot-test-embeddings");

    public ICoachingEngine Engine => _services.GetRequiredService<ICoachingEngine>();

    /// <summary>Starts the hosted services (the retrieval index build), as the app's host would.</summary>
    public async Task StartAsync()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        foreach (var service in _services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    public CoachingContextBuilder Contexts => _services.GetRequiredService<CoachingContextBuilder>();

    public RoleContentLibrary Library => _services.GetRequiredService<RoleContentLibrary>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static CoachingRequest Request(string question, CareerProfile? profile = null, params PriorTurn[] recent) => new(
        new UserKey(TenantId.Parse("tenant-a"), UserId.Parse("user-1")),
        TurnId.New(),
        profile ?? CareerProfile.Empty,
        [.. recent],
        question);

    /// <summary>Runs a turn to its end and returns the text and the final update.</summary>
    public async Task<(string Text, CoachingUpdate Final, int Chunks)> AskAsync(CoachingRequest request)
    {
        await StartAsync();
        var text = new System.Text.StringBuilder();
        CoachingUpdate? final = null;
        var chunks = 0;
        await foreach (var update in Engine.StreamReplyAsync(request, TestContext.Current.CancellationToken))
        {
            text.Append(update.Delta);
            chunks += update.Delta.Length > 0 ? 1 : 0;
            final = update;
        }

        return (text.ToString(), final!, chunks);
    }

    /// <summary>Stops the hosted services first, so no background index build outlives the services it uses.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            foreach (var service in _services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
            {
                await service.StopAsync(CancellationToken.None);
            }
        }

        await _services.DisposeAsync();
    }
}
