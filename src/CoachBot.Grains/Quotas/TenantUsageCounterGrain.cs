using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CoachBot.Grains.Quotas;

/// <summary>
/// Pre-aggregates a tenant's token use on one silo. The quota check reads the tenant's total as of this silo's last
/// flush plus this silo's own unflushed tokens, so on one silo it is exact. In a cluster of N silos a check can miss what
/// the other N-1 silos counted since their last flush and what reached the total since this silo's last refresh: the
/// budget can be overshot by at most about two flush intervals of the tenant's token rate on the other silos (plus the
/// turns already running, which the check never stops). A silo that dies loses at most one flush interval of its own
/// count. Tokens still unflushed at UTC midnight are dropped with the day they belong to.
/// </summary>
/// <remarks>
/// A silo that stops gracefully loses nothing counted before its stop began: <see cref="UsageFlushOnStop"/> flushes every
/// counter while the silo can still reach the tenants' grains, and each counter then passes on what a turn still ending
/// counts as it comes. Only tokens counted after the silo has left the cluster (a turn cut short by the stop itself)
/// can still go uncounted.
/// </remarks>
[StatelessWorker(1)]
public sealed class TenantUsageCounterGrain(IOptions<ConversationOptions> options, TimeProvider timeProvider, UsageCounters counters) : Grain, ITenantUsageCounterGrain
{
    private DateOnly _day;
    private long _total;
    private long _pending;
    private bool _stopping;

    private ITenantUsageGrain Tenant => GrainFactory.GetGrain<ITenantUsageGrain>(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _day = DailyWindow.Today(timeProvider);
        _total = await Tenant.GetTokensTodayAsync();
        counters.Activated(this.GetPrimaryKeyString());
        var every = options.Value.UsageFlushInterval;
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(every, every));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        counters.Deactivated(this.GetPrimaryKeyString());
        // Only tokens not yet counted need the tenant's grain; a refresh is worthless to an activation that is going away.
        if (_pending > 0)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public Task<long> GetTokensTodayAsync()
    {
        StartDayIfNew();
        return Task.FromResult(_total + _pending);
    }

    public Task AddTokensAsync(long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        StartDayIfNew();
        _pending += tokens;
        return _stopping && tokens > 0 ? FlushAsync(CancellationToken.None) : Task.CompletedTask;
    }

    public Task FlushForStopAsync()
    {
        _stopping = true;
        return _pending > 0 ? FlushAsync(CancellationToken.None) : Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        StartDayIfNew();
        var flushing = _pending;
        _pending = 0;
        try
        {
            // Flushing also refreshes this silo's view of what the other silos flushed.
            _total = flushing > 0 ? await Tenant.AddTokensAsync(flushing) : await Tenant.GetTokensTodayAsync();
        }
        catch
        {
            // Counted again at the next flush.
            _pending += flushing;
            throw;
        }
    }

    private void StartDayIfNew()
    {
        var today = DailyWindow.Today(timeProvider);
        if (_day != today)
        {
            _day = today;
            _total = 0;
            _pending = 0;
        }
    }
}
