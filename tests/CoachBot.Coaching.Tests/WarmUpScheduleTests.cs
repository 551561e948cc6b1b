using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Coaching.Tests;

public sealed class WarmUpScheduleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_host_warm_up_is_due_at_once()
    {
        var schedule = new WarmUpSchedule(new FakeTimeProvider());

        var due = schedule.WhenDueAsync(Cancel);

        Assert.True(due.IsCompletedSuccessfully);
        await due;
    }

    [Fact]
    public async Task A_ready_answer_before_the_host_started_waits_for_the_start_then_is_due_without_the_fallback()
    {
        using var host = new Lifetime();
        var schedule = new WarmUpSchedule(new FakeTimeProvider(), host);
        schedule.ReportReady();

        var due = schedule.WhenDueAsync(Cancel);

        // Nothing but the start can complete it: the host has not started, and no time passes on this clock.
        Assert.False(due.IsCompleted);
        host.Start();
        await due.WaitAsync(Bound, Cancel);
        Assert.True(schedule.ReadyReported);
    }

    [Fact]
    public async Task After_the_start_a_ready_answer_makes_it_due()
    {
        using var host = new Lifetime();
        var schedule = new WarmUpSchedule(new FakeTimeProvider(), host);
        host.Start();

        var due = schedule.WhenDueAsync(Cancel);
        Assert.False(schedule.ReadyReported);
        schedule.ReportReady();

        await due.WaitAsync(Bound, Cancel);
    }

    [Fact]
    public async Task Without_a_ready_answer_it_is_due_the_fallback_after_the_start()
    {
        var time = new FakeTimeProvider();
        using var host = new Lifetime();
        var schedule = new WarmUpSchedule(time, host);
        host.Start();

        var due = schedule.WhenDueAsync(Cancel);
        time.Advance(WarmUpSchedule.Fallback - TimeSpan.FromMilliseconds(1));
        Assert.False(due.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await due.WaitAsync(Bound, Cancel);
        Assert.False(schedule.ReadyReported);
    }

    [Fact]
    public async Task A_host_stopping_before_it_is_due_cancels_the_wait_and_the_work()
    {
        using var host = new Lifetime();
        var schedule = new WarmUpSchedule(new FakeTimeProvider(), host);
        using var stopping = new CancellationTokenSource();
        var ran = false;

        var work = schedule.RunWhenDueAsync(() => ran = true, stopping.Token);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work.WaitAsync(Bound, Cancel));
        Assert.False(ran);
    }

    [Fact]
    public async Task Due_work_runs_on_a_thread_outside_the_pool()
    {
        using var host = new Lifetime();
        var schedule = new WarmUpSchedule(new FakeTimeProvider(), host);
        host.Start();
        schedule.ReportReady();
        bool? onPool = null;

        await schedule.RunWhenDueAsync(() => onPool = Thread.CurrentThread.IsThreadPoolThread, Cancel).WaitAsync(Bound, Cancel);

        Assert.False(onPool);
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new();
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Start() => _started.Cancel();

        public void StopApplication() => _stopping.Cancel();

        public void Dispose()
        {
            _started.Dispose();
            _stopping.Dispose();
        }
    }
}
