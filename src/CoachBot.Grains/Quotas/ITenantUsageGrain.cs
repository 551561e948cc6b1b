namespace CoachBot.Grains.Quotas;

/// <summary>
/// A tenant's model token use for the current UTC day, as flushed by each silo's <see cref="ITenantUsageCounterGrain"/>
/// (callers count through those, not here). Keyed by the tenant id.
/// </summary>
[Alias("coachbot.ITenantUsageGrain")]
public interface ITenantUsageGrain : IGrainWithStringKey
{
    /// <summary>Tokens used so far today (UTC).</summary>
    [Alias("GetTokensToday")]
    Task<long> GetTokensTodayAsync();

    /// <summary>Adds tokens to today's count; returns the count after adding.</summary>
    [Alias("AddTokens")]
    Task<long> AddTokensAsync(long tokens);
}
