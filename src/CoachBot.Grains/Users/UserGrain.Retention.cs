namespace CoachBot.Grains.Users;

/// <summary>Retention reaches the grain's own copy of recent turns and its running summary, not only the transcript store.</summary>
public sealed partial class UserGrain
{
    public async Task<int> ForgetTurnsBeforeAsync(DateTimeOffset cutoff)
    {
        // A running turn stays: its rows are being written now and are not older than the cutoff.
        bool Old(TurnRecord turn) => turn.StartedAt < cutoff && turn.TurnId != _running?.TurnId;
        if (!state.State.RecentTurns.Exists(Old) && !state.State.EarlierTurns.Exists(t => t.StartedAt < cutoff))
        {
            return 0;
        }

        var forgotten = 0;
        try
        {
            // Counted on the state the write that succeeds starts from, so a turn another writer added or dropped
            // meanwhile is counted as it is stored.
            await UpdateStateAsync(current => forgotten = current.RecentTurns.RemoveAll(Old) + current.EarlierTurns.RemoveAll(t => t.StartedAt < cutoff));
        }
        catch
        {
            // The turns are gone from this activation's copy but not from the stored state: the next activation starts
            // from what is stored, and the sweep, which keeps the transcript rows when this fails, trims them again.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            // A finished turn's buffer is re-readable only while the turn is remembered.
            if (_lastFinished is { } last && !state.State.RecentTurns.Exists(t => t.TurnId == last.TurnId))
            {
                last.Dispose();
                _lastFinished = null;
            }
        }

        return forgotten;
    }
}
