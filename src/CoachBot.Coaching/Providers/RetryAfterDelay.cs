namespace CoachBot.Coaching.Providers;

/// <summary>Reads a response's Retry-After header (seconds or an HTTP date) as a delay, capped so a server cannot stall a turn.</summary>
public static class RetryAfterDelay
{
    /// <summary>The delay the server asked for, between zero and <paramref name="cap"/>; null when it asked for none.</summary>
    public static TimeSpan? From(HttpResponseMessage? response, TimeProvider timeProvider, TimeSpan cap)
    {
        var retryAfter = response?.Headers.RetryAfter;
        var requested = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => (TimeSpan?)null,
        };

        if (requested is not { } delay)
        {
            return null;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > cap ? cap : delay;
    }
}
