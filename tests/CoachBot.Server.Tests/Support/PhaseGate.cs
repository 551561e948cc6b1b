using CoachBot.Grains.FaultInjection;
using CoachBot.Ids;

namespace CoachBot.Server.Tests.Support;

/// <summary>
/// Holds the first turn that reaches <paramref name="heldAt"/> until the test opens the gate (later turns go straight on),
/// so "the client drops while the turn is at this phase" is a certainty, not a race.
/// </summary>
public sealed class PhaseGate(TurnPhase heldAt) : ITurnPhaseHook
{
    private int _held;

    public TaskCompletionSource<TurnId> Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task ReachedAsync(TurnPhase phase, UserKey user, TurnId turnId, CancellationToken cancellationToken)
    {
        if (phase != heldAt || Interlocked.Exchange(ref _held, 1) == 1)
        {
            return;
        }

        Reached.TrySetResult(turnId);
        await Release.Task.WaitAsync(cancellationToken);
    }
}
