using System.Collections.Concurrent;
using CoachBot.Ids;
using CoachBot.Server.Cluster;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace CoachBot.Server.Realtime;

/// <summary>
/// The hub connections open on this host, by user, so an erased user's connections can be ended at once. On a host of a
/// Redis cluster the request to end them is also published, and every front end ends its own (<see cref="UserConnectionsSubscriber"/>).
/// </summary>
public sealed partial class UserConnections(ILogger<UserConnections> logger, RedisConnection? redis = null)
{
    /// <summary>The channel on which hosts ask each other to end a user's connections; the message is the user's grain key.</summary>
    public const string EndChannel = "end-user-connections";

    private readonly ConcurrentDictionary<string, (UserKey User, HubCallerContext Context)> _open = new(StringComparer.Ordinal);

    internal void Add(UserKey user, HubCallerContext context) => _open[context.ConnectionId] = (user, context);

    internal void Remove(HubCallerContext context) => _open.TryRemove(context.ConnectionId, out _);

    /// <summary>Closes every connection of <paramref name="user"/> on this host; returns how many there were.</summary>
    public int EndAll(UserKey user)
    {
        var ended = 0;
        foreach (var (_, open) in _open.Where(entry => entry.Value.User == user))
        {
            open.Context.Abort();
            ended++;
        }

        return ended;
    }

    /// <summary>
    /// Closes every connection of <paramref name="user"/> on this host and asks the cluster's other front ends to do the
    /// same. If Redis cannot be reached the others keep theirs until their next call, which the erasure already refuses.
    /// </summary>
    public async Task EndEverywhereAsync(UserKey user)
    {
        EndAll(user);
        if (redis is null)
        {
            return;
        }

        try
        {
            await redis.Multiplexer.GetSubscriber().PublishAsync(redis.Channel(EndChannel), user.ToGrainKey());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogNotPublished(ex, user.Tenant.Value, user.User.Value);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the other hosts to end the connections of {TenantId} {UserId}")]
    private partial void LogNotPublished(Exception exception, string tenantId, string userId);
}
