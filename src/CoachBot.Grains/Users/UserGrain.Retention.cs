namespace CoachBot.Grains.Users;

/// <summary>Retention reaches the grain's own copy of recent turns and its running summary, not only the transcript store.</summary>
public sealed partial class UserGrain
{
    public async Task<int> ForgetTurnsBeforeAsync(DateTimeOffset cutoff)
    {
        // A running turn stays: its rows are being written now and are not older than the cutoff.
        var removed = state.State.RecentTurns.RemoveAll(t => t.StartedAt < cutoff && t.TurnId != _running?.TurnId);
        var summarized = state.State.EarlierTurns.RemoveAll(t => t.StartedAt < cutoff);
        if (removed + summarized > 0)
        {
            if (_lastFinished is { } last && !state.State.RecentTurns.Exists(t => t.TurnId == last.TurnId))
            {
                _lastFinished.Dispose();
                _lastFinished = null;
            }

            await WriteStateAsync();
        }

        return removed + summarized;
    }
}
