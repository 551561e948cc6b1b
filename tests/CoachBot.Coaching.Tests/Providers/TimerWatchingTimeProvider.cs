using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Coaching.Tests.Providers;

/// <summary>A <see cref="FakeTimeProvider"/> that reports every timer created, so a test can advance time once a wait has begun.</summary>
public sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _created.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Completes when a timer due after exactly <paramref name="dueTime"/> has been created.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        while (await _created.Reader.ReadAsync(cancellationToken) != dueTime)
        {
        }
    }
}
