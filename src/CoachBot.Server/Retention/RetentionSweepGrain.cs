using CoachBot.Retention;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Retention;

/// <summary>
/// The cluster's one retention job: a grain timer every <see cref="RetentionOptions.SweepInterval"/> on the single
/// activation keyed <see cref="IRetentionSweepGrain.Key"/>, kept alive while its silo lives. Sweeps never overlap: the
/// timer does not interleave with itself.
/// </summary>
public sealed class RetentionSweepGrain(TranscriptRetentionSweep sweep, IOptions<RetentionOptions> options) : Grain, IRetentionSweepGrain
{
    private IGrainTimer? _timer;

    public Task EnsureScheduledAsync()
    {
        var every = options.Value.SweepInterval;
        _timer ??= this.RegisterGrainTimer(sweep.RunScheduledAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        return Task.CompletedTask;
    }
}
