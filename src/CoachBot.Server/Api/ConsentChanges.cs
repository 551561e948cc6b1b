using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Server.Api;

/// <summary>The one way a user's consent to coaching review changes, from the REST API and from the hub alike.</summary>
internal static partial class ConsentChanges
{
    /// <summary>
    /// Stores the answer; a withdrawal also ends every coach's live watch of the user's conversation, so nobody goes on
    /// reading along after the person said no.
    /// </summary>
    public static async Task SetAsync(
        UserKey user, bool granted, IConsentStore consents, IGrainFactory grains, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        await consents.SetCoachingReviewConsentAsync(user, granted, time.GetUtcNow(), cancellationToken);
        if (granted)
        {
            return;
        }

        try
        {
            await grains.GetUserGrain(user).EndWatchesAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The withdrawal is stored and every new watch is refused; a watch already open ends when its coach leaves.
            LogWatchesNotEnded(logger, ex, user.Tenant.Value, user.User.Value);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consent of {TenantId} {UserId} was withdrawn but open coach watches could not be ended")]
    private static partial void LogWatchesNotEnded(ILogger logger, Exception exception, string tenantId, string userId);
}
