using CoachBot.Ids;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Grains.FaultInjection;

/// <summary>
/// Holds each turn at the configured phase for the configured time, after writing a warning that names the turn and the
/// phase: a test watching the host's output knows the turn is there, and stops or kills the process.
/// </summary>
internal sealed partial class ConfiguredTurnPause(IOptions<FaultInjectionOptions> options, TimeProvider timeProvider, ILogger<ConfiguredTurnPause> logger) : ITurnPhaseHook
{
    public async Task ReachedAsync(TurnPhase phase, UserKey user, TurnId turnId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (phase != settings.PauseAt)
        {
            return;
        }

        LogPaused(user.Tenant.Value, user.User.Value, turnId.ToString(), phase, settings.PauseFor);
        await Task.Delay(settings.PauseFor, timeProvider, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault injection holds {TenantId} {UserId} turn {TurnId} at {Phase} for {PauseFor}")]
    private partial void LogPaused(string tenantId, string userId, string turnId, TurnPhase phase, TimeSpan pauseFor);
}
