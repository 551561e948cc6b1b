using CoachBot.Server.Tests.Faults;

namespace CoachBot.Server.Tests.Cluster;

/// <summary>
/// A CoachBot cluster of separate processes on 127.0.0.1: every process is a co-hosted silo serving HTTP, meeting the
/// others through the test Redis (COACHBOT_TEST_REDIS) under a cluster and service id of its own, on one shared SQLite
/// folder. The first <c>frontEnds</c> processes are the ones clients connect to. Every process is stopped on dispose.
/// </summary>
public sealed class ClusterNodes : IAsyncDisposable
{
    /// <summary>The environment variable naming the test Redis (host:port); the test command starts one and sets it.</summary>
    public const string RedisVariable = "COACHBOT_TEST_REDIS";

    /// <summary>Set to 1 to run without the cluster test where no Redis can be started (it then checks nothing).</summary>
    public const string OptOutVariable = "COACHBOT_CLUSTER_TEST_OPT_OUT";

    private readonly List<ServerProcess> _nodes;

    private ClusterNodes(List<ServerProcess> nodes, int frontEnds)
    {
        _nodes = nodes;
        FrontEnds = nodes[..frontEnds];
        Silos = nodes[frontEnds..];
    }

    /// <summary>The processes clients connect to.</summary>
    public IReadOnlyList<ServerProcess> FrontEnds { get; }

    /// <summary>The other silos.</summary>
    public IReadOnlyList<ServerProcess> Silos { get; }

    /// <summary>The test Redis, or null when the run opted out; fails with how to provide one otherwise.</summary>
    public static string? RequireRedis()
    {
        var redis = Environment.GetEnvironmentVariable(RedisVariable);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            return redis;
        }

        Assert.True(Environment.GetEnvironmentVariable(OptOutVariable) == "1",
            $"The cluster test needs a Redis server: set {RedisVariable}=127.0.0.1:<port> (test.sh starts one), or set {OptOutVariable}=1 to run without it.");
        return null;
    }

    /// <summary>Starts the first process alone (it creates the schema and the default tenant), then the rest together.</summary>
    public static async Task<ClusterNodes> StartAsync(
        string redis, string dataDirectory, int frontEnds, int silos, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var id = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        var values = new Dictionary<string, string>(settings)
        {
            ["Orleans:Membership"] = "Redis",
            ["Orleans:ClusterId"] = id,
            ["Orleans:ServiceId"] = id,
            ["Orleans:AdvertisedAddress"] = "127.0.0.1",
            ["Redis:ConnectionString"] = redis,
            // A killed silo is declared dead in a few seconds rather than the default ~15 s.
            ["Orleans:FailureDetection:ProbeTimeout"] = "00:00:01",
            ["Orleans:FailureDetection:NumMissedProbesLimit"] = "2",
            ["Orleans:FailureDetection:IAmAliveTablePublishTimeout"] = "00:00:02",
            ["Orleans:FailureDetection:TableRefreshTimeout"] = "00:00:02",
            ["Orleans:FailureDetection:DeathVoteExpirationTimeout"] = "00:00:10",
        };
        var nodes = new List<ServerProcess>();
        try
        {
            nodes.Add(await ServerProcess.StartAsync(dataDirectory, values, cancellationToken));
            var others = Enumerable.Range(1, frontEnds + silos - 1).Select(_ => ServerProcess.StartAsync(dataDirectory, values, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(others);
            }
            finally
            {
                nodes.AddRange(others.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
            }

            return new ClusterNodes(nodes, frontEnds);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
