using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Server.Limits;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Realtime;

/// <summary>
/// Meters the hub like the REST API: every hub method call takes a permit of the user's and the tenant's budget
/// (<see cref="UserRateLimiter"/>, shared with REST), one user holds at most
/// <see cref="RateLimitOptions.ConnectionsPerUser"/> connections on this host, and a call made after the connection's
/// session token expired is refused with <c>token_expired</c> and the connection closed (the hub also closes such
/// connections on its own at expiry).
/// </summary>
internal sealed class HubLimitsFilter : IHubFilter, IDisposable
{
    private readonly UserRateLimiter _rates;
    private readonly UserConnections _open;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<UserKey> _connections;

    // Each open connection's place among its user's connections, by connection id. Kept here rather than in the
    // connection's Items, which SignalR creates on first use as a concurrent map of its own for every connection.
    private readonly ConcurrentDictionary<string, RateLimitLease> _places = new(StringComparer.Ordinal);

    public HubLimitsFilter(UserRateLimiter rates, UserConnections open, IOptions<RateLimitOptions> options, TimeProvider time)
    {
        _rates = rates;
        _open = open;
        _time = time;
        var perUser = options.Value.ConnectionsPerUser;
        _connections = PartitionedRateLimiter.Create<UserKey, UserKey>(user =>
            RateLimitPartition.GetConcurrencyLimiter(user, _ => new ConcurrencyLimiterOptions { PermitLimit = perUser, QueueLimit = 0 }));
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Context.User is { } principal && principal.TryGetUserKey(out var user))
        {
            var lease = _connections.AttemptAcquire(user);
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                throw HubErrors.Refuse(ErrorCodes.TooManyConnections, "This user has too many open connections; close one and connect again.");
            }

            _places[context.Context.ConnectionId] = lease;
            // Only end users' connections are ended by an erasure; a coach's console is not the erased user's.
            if (principal.FindFirstValue(CoachBotClaims.Kind) != CoachBotClaims.StaffKind)
            {
                _open.Add(user, context.Context);
            }
        }

        try
        {
            await next(context);
        }
        catch
        {
            // A connection that fails to start is never disconnected: give its place back here.
            Release(context.Context);
            throw;
        }
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        Release(context.Context);
        return next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var caller = invocationContext.Context;
        if (caller.User is not { } principal || !principal.TryGetUserKey(out var user))
        {
            throw HubErrors.Refuse(ErrorCodes.Unauthenticated, "A valid session is required.");
        }

        if (HasExpired(principal))
        {
            caller.Abort();
            throw HubErrors.Refuse(ErrorCodes.TokenExpired, "The session token has expired. Create a new session and connect again.");
        }

        using (var lease = await _rates.AcquireAsync(user, caller.ConnectionAborted))
        {
            if (!lease.IsAcquired)
            {
                throw HubErrors.Refuse(ErrorCodes.RateLimited, $"Too many calls; retry after {UserRateLimiter.RetryAfterSeconds(lease)} s.");
            }
        }

        return await next(invocationContext);
    }

    public void Dispose() => _connections.Dispose();

    private void Release(HubCallerContext caller)
    {
        _open.Remove(caller);
        if (_places.TryRemove(caller.ConnectionId, out var place))
        {
            place.Dispose();
        }
    }

    private bool HasExpired(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue("exp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp)
        && DateTimeOffset.FromUnixTimeSeconds(exp) <= _time.GetUtcNow();
}
