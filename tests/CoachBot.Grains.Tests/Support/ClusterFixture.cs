using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Profiles;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage;
using CoachBot.Storage.GrainState;
using CoachBot.Storage.Relational;
using CoachBot.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace CoachBot.Grains.Tests.Support;

/// <summary>
/// One in-process silo with the real SQLite grain storage (which a test can make meet other writers, see
/// <see cref="ConflictingGrainStorage"/>) and transcript store, and a scripted engine.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly Action<IServiceCollection> configureSilo;

    public ClusterFixture()
        : this(_ => { })
    {
    }

    /// <summary>A cluster whose silo services the subclass adjusts after the defaults are registered.</summary>
    protected ClusterFixture(Action<IServiceCollection> configureSilo) => this.configureSilo = configureSilo;

    private readonly DirectoryInfo _dataFolder = Directory.CreateTempSubdirectory("coachbot-grains-");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public FixedTenantLimits Limits => (FixedTenantLimits)Cluster.Silos[0].ServiceProvider.GetRequiredService<ITenantLimits>();

    public ITranscriptStore Transcripts => Cluster.Silos[0].ServiceProvider.GetRequiredService<ITranscriptStore>();

    public ConflictingGrainStorage GrainStorage => (ConflictingGrainStorage)Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);

    public async ValueTask InitializeAsync()
    {
        Cluster = Create(_dataFolder, configureSilo);
        await Cluster.DeployAsync();
    }

    /// <summary>
    /// A cluster (not yet deployed) as the fixture makes it, with its data in <paramref name="dataFolder"/>, so a test can
    /// stop it and start another on the same data; <paramref name="settings"/> add to or replace the fixture's settings.
    /// </summary>
    public static InProcessTestCluster Create(DirectoryInfo dataFolder, Action<IServiceCollection> configureSilo, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataFolder.FullName,
            ["Conversation:MaxMessageLength"] = "200",
            ["Conversation:RecentTurnsKept"] = "5",
            ["Conversation:CheckpointCharacters"] = "64",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCoachBotStorage(configuration);
            silo.Services.AddGrainStorage(StorageNames.GrainState, (sp, name) => new ConflictingGrainStorage(new RelationalGrainStorage(
                name, sp.GetRequiredService<RelationalDatabase>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RelationalGrainStorage>>())));
            silo.Services.AddCoachBotGrains(configuration);
            silo.Services.AddSingleton<ICoachingEngine, ScriptedCoachingEngine>();
            silo.Services.AddProfileExtraction();
            silo.Services.AddSingleton<IProfileLearning, GatedProfileLearning>();
            silo.Services.AddSingleton<ITenantLimits, FixedTenantLimits>();
            configureSilo(silo.Services);
        });
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _dataFolder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    public static UserKey NewUser() => new(TenantId.Parse("tenant-a"), UserId.Parse("user-" + Guid.NewGuid().ToString("N")));

    public IUserGrain UserGrain(UserKey user) => Grains.GetUserGrain(user);
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
