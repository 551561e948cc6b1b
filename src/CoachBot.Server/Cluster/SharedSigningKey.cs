using System.Security.Cryptography;
using StackExchange.Redis;

namespace CoachBot.Server.Cluster;

/// <summary>
/// The session signing key of a cluster without a configured <c>Auth:SigningKey</c>: the first host to start creates
/// it in Redis (set only if absent), and every host reads that one.
/// </summary>
public sealed class SharedSigningKey(RedisConnection redis)
{
    public byte[] GetOrCreate()
    {
        var key = redis.Key("session-signing-key");
        var database = redis.Database;
        database.StringSet(key, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), when: When.NotExists);
        var stored = database.StringGet(key);
        return stored.HasValue
            ? Convert.FromBase64String(stored.ToString())
            : throw new InvalidOperationException("The cluster's session signing key could not be read from Redis.");
    }
}
