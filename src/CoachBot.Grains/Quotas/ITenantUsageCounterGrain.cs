namespace CoachBot.Grains.Quotas;

/// <summary>
/// This silo's view of a tenant's model token use today: a stateless worker (one per silo and tenant) that counts
/// locally and flushes to the tenant's <see cref="ITenantUsageGrain"/> every
/// <see cref="ConversationOptions.UsageFlushInterval"/>, so no single grain takes a call per turn of a busy tenant.
/// Keyed by the tenant id.
/// </summary>
[Alias("coachbot.ITenantUsageCounterGrain")]
public interface ITenantUsageCounterGrain : IGrainWithStringKey
{
    /// <summary>
    /// Tokens used today (UTC) as this silo knows them: the tenant's total at the last flush plus what this silo counted
    /// since. Other silos' tokens since their last flush are missing (see the remarks on <see cref="TenantUsageCounterGrain"/>).
    /// </summary>
    [Alias("GetTokensToday")]
    Task<long> GetTokensTodayAsync();

    /// <summary>Counts tokens used on this silo; they reach the tenant's total at the next flush.</summary>
    [Alias("AddTokens")]
    Task AddTokensAsync(long tokens);

    /// <summary>
    /// Hands what this silo counted to the tenant's total now, and from then on every count as it comes: the silo is
    /// stopping (see <see cref="UsageFlushOnStop"/>).
    /// </summary>
    [Alias("FlushForStop")]
    Task FlushForStopAsync();
}
