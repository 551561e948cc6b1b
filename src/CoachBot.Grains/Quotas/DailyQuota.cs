using CoachBot.Conversations;
using CoachBot.Grains.Users;
using CoachBot.Ids;
using CoachBot.Tenancy;

namespace CoachBot.Grains.Quotas;

/// <summary>
/// The daily quotas checked when a turn starts: the user's messages (counted in the user grain's state) and the tenant's
/// model tokens (counted by this silo's <see cref="ITenantUsageCounterGrain"/> of the tenant). Refusals carry the seconds until the next UTC midnight.
/// </summary>
internal static class DailyQuota
{
    /// <summary>Refuses the turn when a quota is used up. The caller counts the message once it is stored.</summary>
    public static async Task EnsureAvailableAsync(UserState state, UserKey user, ITenantLimits limits, IGrainFactory grains, TimeProvider time)
    {
        var quotas = await limits.GetQuotasAsync(user.Tenant);
        var today = DailyWindow.Today(time);
        if (state.QuotaDay != today)
        {
            state.QuotaDay = today;
            state.MessagesToday = 0;
        }

        // 0 means no quota, as tenant settings document it.
        if (quotas.MessagesPerUserPerDay > 0 && state.MessagesToday >= quotas.MessagesPerUserPerDay)
        {
            throw Exceeded(time, $"The daily limit of {quotas.MessagesPerUserPerDay} messages is reached");
        }

        if (quotas.ModelTokensPerDay > 0 && await grains.GetGrain<ITenantUsageCounterGrain>(user.Tenant.Value).GetTokensTodayAsync() >= quotas.ModelTokensPerDay)
        {
            throw Exceeded(time, "The daily model token budget of this service is used up");
        }
    }

    /// <summary>The tokens a reply used, as the model reported them.</summary>
    public static long TokensOf(ReplyMetadata? metadata) =>
        metadata?.Usage is { } usage ? (long)(usage.InputTokens ?? 0) + (usage.OutputTokens ?? 0) : 0;

    private static CoachBotException Exceeded(TimeProvider time, string message)
    {
        var seconds = DailyWindow.SecondsUntilMidnight(time);
        return new CoachBotException(ErrorCodes.QuotaExceeded, $"{message}; retry after {seconds} s.", seconds);
    }
}
