using System.Threading.RateLimiting;
using CoachBot.Server.Identity;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Limits;

/// <summary>Limits for anonymous endpoints, counted per client address (there is no user to count for).</summary>
internal static class ClientAddressLimits
{
    /// <summary><c>Auth:SessionsPerMinutePerClient</c> requests per client address per minute.</summary>
    public static RateLimitPartition<string> PerMinute(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<SessionTokenOptions>>().Value.SessionsPerMinutePerClient;
        return RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
