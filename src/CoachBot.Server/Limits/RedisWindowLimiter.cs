using System.Globalization;
using System.Threading.RateLimiting;
using CoachBot.Ids;
using CoachBot.Server.Cluster;
using StackExchange.Redis;

namespace CoachBot.Server.Limits;

/// <summary>
/// The per-user and per-tenant fixed windows of a cluster, counted in Redis so every host draws from one budget. One
/// script checks both counters and takes a permit from both, or from neither, atomically. Windows are aligned to the
/// hosts' clocks (<c>now / window</c>), so hosts whose clocks differ by a second share a window but for that second.
/// When Redis cannot be reached the request is judged by <paramref name="local"/> (this host's own windows) and a
/// warning is logged: limits stay in force per host instead of failing every request or none.
/// </summary>
internal sealed partial class RedisWindowLimiter(
    RedisConnection redis, PartitionedRateLimiter<UserKey?> local, RateLimitOptions options, TimeProvider time, ILogger logger)
    : PartitionedRateLimiter<UserKey?>
{
    // KEYS: user counter, tenant counter. ARGV: user limit, tenant limit, window in ms. Returns 1 when granted, else 0.
    private const string TakeBoth = """
        local user = tonumber(redis.call('GET', KEYS[1]) or '0')
        local tenant = tonumber(redis.call('GET', KEYS[2]) or '0')
        if user >= tonumber(ARGV[1]) or tenant >= tonumber(ARGV[2]) then return 0 end
        if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
        if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
        return 1
        """;

    private readonly long _windowMs = (long)options.Window.TotalMilliseconds;
    private int _fallingBack;

    public override RateLimiterStatistics? GetStatistics(UserKey? resource) => null;

    protected override RateLimitLease AttemptAcquireCore(UserKey? resource, int permitCount)
    {
        if (Shortcut(resource, permitCount) is { } decided)
        {
            return decided;
        }

        var (keys, values, retryAfter) = Script(resource!.Value);
        try
        {
            return Decide((int)redis.Database.ScriptEvaluate(TakeBoth, keys, values), retryAfter);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return FallBack(resource.Value, permitCount, ex);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(UserKey? resource, int permitCount, CancellationToken cancellationToken)
    {
        if (Shortcut(resource, permitCount) is { } decided)
        {
            return decided;
        }

        var (keys, values, retryAfter) = Script(resource!.Value);
        try
        {
            return Decide((int)await redis.Database.ScriptEvaluateAsync(TakeBoth, keys, values), retryAfter);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return FallBack(resource.Value, permitCount, ex);
        }
    }

    // Requests without a user pass; while Redis is known to be down, the local windows decide without waiting for it.
    private RateLimitLease? Shortcut(UserKey? resource, int permitCount) =>
        resource is not { } user || permitCount == 0 ? Lease.Granted
        : !redis.IsConnected ? FallBack(user, permitCount, null)
        : null;

    private (RedisKey[] Keys, RedisValue[] Values, TimeSpan RetryAfter) Script(UserKey user)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = (now / _windowMs).ToString(CultureInfo.InvariantCulture);
        RedisKey[] keys = [redis.Key($"rate:user:{user.ToGrainKey()}:{window}"), redis.Key($"rate:tenant:{user.Tenant.Value}:{window}")];
        RedisValue[] values = [options.PerUserPermitLimit, options.PerTenantPermitLimit, _windowMs];
        return (keys, values, TimeSpan.FromMilliseconds(_windowMs - now % _windowMs));
    }

    private Lease Decide(int granted, TimeSpan retryAfter)
    {
        if (Interlocked.Exchange(ref _fallingBack, 0) == 1)
        {
            LogRedisBack();
        }

        return granted == 1 ? Lease.Granted : new Lease(false, retryAfter);
    }

    private RateLimitLease FallBack(UserKey user, int permitCount, Exception? exception)
    {
        if (Interlocked.Exchange(ref _fallingBack, 1) == 0)
        {
            LogFallingBack(exception);
        }

        return local.AttemptAcquire(user, permitCount);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis cannot be reached: rate limits are counted per host until it answers again")]
    private partial void LogFallingBack(Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: rate limits are counted for the whole cluster")]
    private partial void LogRedisBack();

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
