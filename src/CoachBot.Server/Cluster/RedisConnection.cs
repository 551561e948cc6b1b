using CoachBot.Server.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CoachBot.Server.Cluster;

/// <summary>
/// The one Redis connection a clustered host shares for its own keys (session signing key, Data Protection key ring,
/// rate-limit counters, cluster messages). Orleans membership and the SignalR backplane keep their own connections.
/// Keys are prefixed with the service id, so several services can share one Redis server.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(IOptions<RedisOptions> redis, IOptions<OrleansHostOptions> orleans)
    {
        var timeout = (int)redis.Value.CommandTimeout.TotalMilliseconds;
        var configuration = ConfigurationOptions.Parse(redis.Value.ConnectionString!);
        // A Redis that is down at start must not stop the host: callers fall back or retry, and the connection heals.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = timeout;
        configuration.SyncTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        Prefix = "coachbot:" + orleans.Value.ServiceId + ":";
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
    }

    /// <summary>The multiplexer, connected on first use.</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    /// <summary>Whether Redis answers right now; when it does not, callers take their fallback without waiting.</summary>
    public bool IsConnected => Multiplexer.IsConnected;

    /// <summary>The prefix of every key and channel this service uses.</summary>
    public string Prefix { get; }

    /// <summary>A key of this service.</summary>
    public RedisKey Key(string name) => Prefix + name;

    /// <summary>A pub/sub channel of this service.</summary>
    public RedisChannel Channel(string name) => RedisChannel.Literal(Prefix + name);

    public IDatabase Database => Multiplexer.GetDatabase();

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
