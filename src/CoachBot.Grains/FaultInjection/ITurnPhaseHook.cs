using CoachBot.Ids;

namespace CoachBot.Grains.FaultInjection;

/// <summary>
/// Called by the user grain as each turn reaches a <see cref="TurnPhase"/>. The host registers one only for fault
/// injection (<see cref="FaultInjectionOptions"/>) or in tests; otherwise the grain's calls cost a completed task.
/// </summary>
public interface ITurnPhaseHook
{
    /// <summary>
    /// Returns when the turn may go on. <paramref name="cancellationToken"/> is the turn's own stop where the phase can
    /// be stopped, and <see cref="CancellationToken.None"/> where it cannot (storing the outcome).
    /// </summary>
    Task ReachedAsync(TurnPhase phase, UserKey user, TurnId turnId, CancellationToken cancellationToken);
}

/// <summary>No fault injection: every phase goes straight on.</summary>
internal sealed class NoTurnPhaseHook : ITurnPhaseHook
{
    public Task ReachedAsync(TurnPhase phase, UserKey user, TurnId turnId, CancellationToken cancellationToken) => Task.CompletedTask;
}
