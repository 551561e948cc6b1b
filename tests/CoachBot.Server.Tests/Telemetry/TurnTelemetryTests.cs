using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CoachBot.Conversations;
using CoachBot.Diagnostics;
using CoachBot.Ids;
using CoachBot.Server.Telemetry;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CoachBot.Server.Tests.Telemetry;

/// <summary>
/// A turn seen through OpenTelemetry on the real host: one trace from the hub invocation through the grain call to the
/// turn, its retrieval, model call and store writes; metrics for time to first token, turn time, tokens, active turns
/// and errors by code.
/// </summary>
public sealed class TurnTelemetryTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly SpanRecorder _spans = new();
    private readonly List<Metric> _metrics = [];
    private TestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TestHost.StartAsync(_data.Path, services => services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddCoachBotInstrumentation().AddProcessor(_spans))
        .WithMetrics(metrics => metrics.AddCoachBotInstrumentation().AddInMemoryExporter(_metrics)));

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_turn_is_one_trace_from_the_hub_to_the_store()
    {
        var session = await _host.CreateSessionAsync();
        await using var hub = await _host.ConnectAsync(session.Token);
        TurnId? turnId = null;
        await foreach (var chunk in hub.StreamAsync<ReplyChunk>("SendMessage", "What skills does a junior data analyst need?", Cancel))
        {
            turnId = chunk.TurnId;
        }

        var turn = await _spans.WaitForAsync(span => span.OperationName == "coachbot.turn" && (string?)span.GetTagItem(CoachBotTelemetry.Tags.TurnId) == turnId.ToString(), Cancel);
        Assert.Equal(TurnStatus.Completed.ToString(), turn.GetTagItem(CoachBotTelemetry.Tags.Status));
        Assert.Equal("widget", turn.GetTagItem(CoachBotTelemetry.Tags.Channel));
        Assert.Contains(turn.Events, e => e.Name == "first_text");

        // Everything of the turn shares its trace, and the turn itself hangs off the hub invocation through the grain call.
        var trace = _spans.Ended.Where(span => span.TraceId == turn.TraceId).ToList();
        Assert.Contains(trace, span => span.OperationName == "coachbot.retrieval" && span.ParentSpanId == turn.SpanId);
        Assert.Contains(trace, span => span.OperationName == "coachbot.model" && span.ParentSpanId == turn.SpanId);
        Assert.Contains(trace, span => span.OperationName == "coachbot.store" && (string?)span.GetTagItem(CoachBotTelemetry.Tags.Operation) == "turn.accept");
        Assert.Contains(trace, span => span.OperationName == "coachbot.store" && (string?)span.GetTagItem(CoachBotTelemetry.Tags.Operation) == "turn.complete");
        var ancestors = Ancestors(turn, trace).ToList();
        Assert.Contains(ancestors, span => span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Contains(ancestors, span => span.Source.Name == "Microsoft.AspNetCore.SignalR.Server");
    }

    [Fact]
    public async Task Turn_metrics_and_coded_errors_are_recorded()
    {
        var session = await _host.CreateSessionAsync();
        await RoleContentTurns.AskAsync(_host, session.Token, "How should I prepare for a data analyst interview?");
        await _spans.WaitForAsync(span => span.OperationName == "coachbot.turn" && span.GetTagItem(CoachBotTelemetry.Tags.Status) is not null, Cancel);

        // A refusal: its code is counted.
        using var unauthenticated = await _host.Http.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

        Assert.True(_host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        Assert.True(HistogramCount(Metric("coachbot.turn.time_to_first_token")) >= 1);
        Assert.True(HistogramCount(Metric("coachbot.turn.duration")) >= 1);
        Assert.NotNull(Metric("coachbot.turns.active"));
        Assert.Contains(Points(Metric("coachbot.errors")), point => Tag(point, "error.code") == "unauthenticated" && Tag(point, "coachbot.surface") == "rest" && point.GetSumLong() >= 1);
    }

    private Metric Metric(string name) => _metrics.LastOrDefault(m => m.Name == name) ?? throw new Xunit.Sdk.XunitException($"No metric {name}; seen: {string.Join(", ", _metrics.Select(m => m.Name).Distinct())}");

    private static List<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static long HistogramCount(Metric metric) => Points(metric).Sum(p => p.GetHistogramCount());

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyCollection<Activity> trace)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        for (var parent = span.ParentSpanId; byId.TryGetValue(parent, out var next); parent = next.ParentSpanId)
        {
            yield return next;
        }
    }

    /// <summary>Keeps every ended span and lets a test await the one it expects, instead of polling.</summary>
    private sealed class SpanRecorder : BaseProcessor<Activity>
    {
        private readonly ConcurrentQueue<Activity> _ended = new();
        private readonly List<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Found)> _waiters = [];

        public IReadOnlyCollection<Activity> Ended => _ended;

        public override void OnEnd(Activity data)
        {
            _ended.Enqueue(data);
            lock (_waiters)
            {
                foreach (var waiter in _waiters.Where(w => w.Match(data)).ToList())
                {
                    waiter.Found.TrySetResult(data);
                    _waiters.Remove(waiter);
                }
            }
        }

        public Task<Activity> WaitForAsync(Func<Activity, bool> match, CancellationToken cancellationToken)
        {
            lock (_waiters)
            {
                if (_ended.FirstOrDefault(match) is { } seen)
                {
                    return Task.FromResult(seen);
                }

                var found = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((match, found));
                return found.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }
    }
}
