using System.Threading.RateLimiting;
using CoachBot.Ids;
using CoachBot.Server.Cluster;
using CoachBot.Server.Identity;
using CoachBot.Server.Realtime;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Limits;

/// <summary>
/// One budget per user and one per tenant, shared by the REST API (as the global limiter) and the hub's method calls,
/// so a user cannot double their rate by switching transport. Requests without a signed-in user are not limited here.
/// On a host of a Redis cluster the budgets are the cluster's (<see cref="RedisWindowLimiter"/>), with this host's own
/// windows as the fallback while Redis is unreachable.
/// </summary>
public sealed class UserRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<UserKey?> _local;
    private readonly PartitionedRateLimiter<UserKey?> _limiter;

    public UserRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time, ILogger<UserRateLimiter> logger, RedisConnection? redis = null)
    {
        var limits = options.Value;
        _local = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<UserKey?, string>(user => user is { } key
                ? RateLimitPartition.GetFixedWindowLimiter("user:" + key.ToGrainKey(), _ => Window(limits.PerUserPermitLimit, limits.Window))
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<UserKey?, string>(user => user is { } key
                ? RateLimitPartition.GetFixedWindowLimiter("tenant:" + key.Tenant.Value, _ => Window(limits.PerTenantPermitLimit, limits.Window))
                : RateLimitPartition.GetNoLimiter("")));
        _limiter = redis is null ? _local : new RedisWindowLimiter(redis, _local, limits, time, logger);
        // Hub connections are counted per method call (in the hub filter), not per transport request.
        ForHttp = _limiter.WithTranslatedKey<HttpContext>(
            context => !context.Request.Path.StartsWithSegments(CoachHubRegistration.HubPath) && context.User.TryGetUserKey(out var user) ? user : null,
            leaveOpen: true);
    }

    /// <summary>The limiter for HTTP requests, keyed by the request's signed-in user.</summary>
    public PartitionedRateLimiter<HttpContext> ForHttp { get; }

    /// <summary>Takes one permit for the user; the lease says whether it was granted and, if not, when to retry.</summary>
    public RateLimitLease Acquire(UserKey user) => _limiter.AttemptAcquire(user);

    /// <summary>Takes one permit for the user without blocking a thread on the cluster's counters.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(UserKey user, CancellationToken cancellationToken) => _limiter.AcquireAsync(user, 1, cancellationToken);

    public void Dispose()
    {
        ForHttp.Dispose();
        _limiter.Dispose();
        _local.Dispose();
    }

    /// <summary>Whole seconds (at least 1) after which a refused request may be retried.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };
}
