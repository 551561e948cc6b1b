namespace CoachBot.Grains.Quotas;

/// <summary>A tenant's model token use for the current UTC day. Keyed by the tenant id.</summary>
[Alias("coachbot.ITenantUsageGrain")]
public interface ITenantUsageGrain : IGrainWithStringKey
{
    /// <summary>Tokens used so far today (UTC).</summary>
    [Alias("GetTokensToday")]
    Task<long> GetTokensTodayAsync();

    /// <summary>Adds tokens to today's count.</summary>
    [Alias("AddTokens")]
    Task AddTokensAsync(long tokens);
}
