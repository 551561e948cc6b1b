using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Providers;
using Microsoft.Extensions.DependencyInjection;
using static CoachBot.Coaching.Tests.Providers.ProviderTestHost;

namespace CoachBot.Coaching.Tests.Providers;

public sealed class ResilienceProviderTests : IAsyncLifetime
{
    private OpenAICompatibleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await OpenAICompatibleServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_429_is_retried_after_the_servers_Retry_After_delay()
    {
        var guard = Guard(TimeSpan.FromSeconds(30));
        var time = new TimerWatchingTimeProvider();
        _server.Enqueue(ScriptedReply.Error(429, retryAfter: "7"), ScriptedReply.Stream(["Worth ", "the wait."]));
        var settings = OpenAICompatible(_server);
        settings["Coaching:Llm:MaxRetryDelay"] = "00:00:30";
        await using var services = Build(settings, time);

        var turn = RunTurnAsync(services, cancellationToken: guard);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(7), guard);

        // The retry is waiting on the 7 s the server asked for; nothing is sent until that time has passed.
        Assert.Single(_server.Requests);
        time.Advance(TimeSpan.FromSeconds(7));
        var outcome = await turn;

        Assert.True(outcome.Failure is null, Describe(outcome.Failure));
        Assert.Equal("Worth the wait.", outcome.Text);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryDelay_is_capped()
    {
        var guard = Guard(TimeSpan.FromSeconds(30));
        var time = new TimerWatchingTimeProvider();
        _server.Enqueue(ScriptedReply.Error(503, retryAfter: "3600"), ScriptedReply.Stream(["Back."]));
        var settings = OpenAICompatible(_server);
        settings["Coaching:Llm:MaxRetryDelay"] = "00:00:04";
        await using var services = Build(settings, time);

        var turn = RunTurnAsync(services, cancellationToken: guard);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(4), guard);
        time.Advance(TimeSpan.FromSeconds(4));
        var outcome = await turn;

        Assert.True(outcome.Failure is null, Describe(outcome.Failure));
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_until_retries_run_out_fail_the_turn_as_busy_after_MaxRetries_plus_one_requests()
    {
        _server.Enqueue([.. Enumerable.Repeat(ScriptedReply.Error(500), 10)]);
        var settings = OpenAICompatible(_server);
        settings["Coaching:Llm:MaxRetries"] = "2";
        await using var services = Build(settings);

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        var failure = Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Equal(ModelFailureClassifier.BusyMessage, failure.Message);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal("", outcome.Text);
    }

    [Fact]
    public async Task Rejected_credentials_fail_at_once_with_a_plain_message()
    {
        _server.Enqueue(ScriptedReply.Error(401), ScriptedReply.Stream(["never sent"]));
        await using var services = Build(OpenAICompatible(_server));

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        var failure = Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Equal(ModelFailureClassifier.UnauthorizedMessage, failure.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_the_turn_within_the_request_timeout()
    {
        var guard = Guard(TimeSpan.FromSeconds(30));
        _server.Enqueue([ScriptedReply.Stream(["Warm."]), .. Enumerable.Repeat(ScriptedReply.Hang(), 10)]);
        await using (var warm = Build(OpenAICompatible(_server)))
        {
            // An answered turn first, under default limits, so the timed turn measures the timeout and not a cold start.
            Assert.Null((await RunTurnAsync(warm, cancellationToken: guard)).Failure);
        }

        var settings = OpenAICompatible(_server);
        settings["Coaching:Llm:RequestTimeout"] = "00:00:02";
        settings["Coaching:Llm:AttemptTimeout"] = "00:00:02";
        await using var services = Build(settings);

        var clock = Stopwatch.StartNew();
        var outcome = await RunTurnAsync(services, cancellationToken: guard);
        clock.Stop();

        var failure = Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Equal(ModelFailureClassifier.TimedOutMessage, failure.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task Attempts_that_time_out_are_retried_until_the_overall_timeout()
    {
        var guard = Guard(TimeSpan.FromSeconds(30));
        var time = new TimerWatchingTimeProvider();
        _server.Enqueue([.. Enumerable.Repeat(ScriptedReply.Hang(), 10)]);
        var settings = OpenAICompatible(_server);
        settings["Coaching:Llm:RequestTimeout"] = "00:00:10";
        settings["Coaching:Llm:AttemptTimeout"] = "00:00:04";
        settings["Coaching:Llm:MaxRetries"] = "5";
        settings["Coaching:Llm:RetryBaseDelay"] = "00:00:00";
        settings["Coaching:Llm:MaxRetryDelay"] = "00:00:00";
        await using var services = Build(settings, time);

        var turn = RunTurnAsync(services, cancellationToken: guard);
        await _server.WaitForRequestsAsync(1).WaitAsync(guard);
        time.Advance(TimeSpan.FromSeconds(4));
        await _server.WaitForRequestsAsync(2).WaitAsync(guard);
        time.Advance(TimeSpan.FromSeconds(4));
        await _server.WaitForRequestsAsync(3).WaitAsync(guard);
        time.Advance(TimeSpan.FromSeconds(2));
        var outcome = await turn;

        var failure = Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Equal(ModelFailureClassifier.TimedOutMessage, failure.Message);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task A_stream_that_falls_silent_fails_the_turn_after_the_idle_timeout_keeping_the_partial_text()
    {
        _server.Enqueue(ScriptedReply.StallAfter(["So far, ", "so good"]));
        var settings = OpenAICompatible(_server);
        settings["Coaching:Llm:StreamIdleTimeout"] = "00:00:00.500";
        await using var services = Build(settings);

        long lastChunk = 0;
        var outcome = await RunTurnAsync(services, _ => lastChunk = Stopwatch.GetTimestamp(), Guard(TimeSpan.FromSeconds(30)));
        var silence = Stopwatch.GetElapsedTime(lastChunk);

        Assert.Equal("So far, so good", outcome.Text);
        var failure = Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Equal(ModelFailureClassifier.TimedOutMessage, failure.Message);
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.InRange(silence, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(3.5));
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Cancelling_a_turn_is_reported_as_cancellation_not_failure()
    {
        _server.Enqueue(ScriptedReply.StallAfter(["Partial"]));
        await using var services = Build(OpenAICompatible(_server));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var engine = services.GetRequiredService<ICoachingEngine>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in engine.StreamReplyAsync(Prompts.PromptFilesTests.SampleRequest(), cancel.Token))
            {
                if (update.Delta == "Partial")
                {
                    await cancel.CancelAsync();
                }
            }
        });
    }

    [Fact]
    public async Task An_unreachable_server_fails_the_turn_as_unreachable()
    {
        // A loopback port that was just free: nothing listens there, so connections are refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = OpenAICompatible(_server);
        settings["Coaching:Llm:Endpoint"] = $"http://127.0.0.1:{port}/v1";
        settings["Coaching:Llm:MaxRetries"] = "1";
        await using var services = Build(settings);

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        var failure = Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Equal(ModelFailureClassifier.UnreachableMessage, failure.Message);
    }
}
