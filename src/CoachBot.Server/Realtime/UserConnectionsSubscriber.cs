using CoachBot.Ids;
using CoachBot.Server.Cluster;

namespace CoachBot.Server.Realtime;

/// <summary>On a host of a Redis cluster: ends this host's connections of a user when any host asks (an erasure).</summary>
internal sealed class UserConnectionsSubscriber(RedisConnection redis, UserConnections connections) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        redis.Multiplexer.GetSubscriber().SubscribeAsync(redis.Channel(UserConnections.EndChannel), (_, message) =>
        {
            if (UserKey.TryParseGrainKey(message.ToString(), out var user))
            {
                connections.EndAll(user);
            }
        });

    public Task StopAsync(CancellationToken cancellationToken) =>
        redis.Multiplexer.GetSubscriber().UnsubscribeAsync(redis.Channel(UserConnections.EndChannel));
}
