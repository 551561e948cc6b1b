using CoachBot.Storage;

namespace CoachBot.Grains.Quotas;

/// <summary>Counts a tenant's model tokens per UTC day; the count starts again at midnight.</summary>
public sealed class TenantUsageGrain(
    [PersistentState(StorageNames.TenantUsageState, StorageNames.GrainState)] IPersistentState<TenantUsageState> state,
    TimeProvider timeProvider) : Grain, ITenantUsageGrain
{
    public Task<long> GetTokensTodayAsync() => Task.FromResult(state.State.Day == Today() ? state.State.Tokens : 0);

    public async Task<long> AddTokensAsync(long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var today = Today();
        if (state.State.Day != today)
        {
            state.State.Day = today;
            state.State.Tokens = 0;
        }

        state.State.Tokens += tokens;
        await state.WriteStateAsync();
        return state.State.Tokens;
    }

    private DateOnly Today() => DailyWindow.Today(timeProvider);
}

/// <summary>What a tenant usage grain persists.</summary>
public sealed class TenantUsageState
{
    /// <summary>The UTC day <see cref="Tokens"/> counts.</summary>
    public DateOnly Day { get; set; }

    /// <summary>Model tokens used on <see cref="Day"/>.</summary>
    public long Tokens { get; set; }
}
