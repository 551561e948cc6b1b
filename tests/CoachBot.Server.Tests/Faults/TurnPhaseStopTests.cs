using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Grains.FaultInjection;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Faults;

/// <summary>
/// The server process stopped at each phase of a turn while several people's turns are held there by fault injection
/// (<c>FaultInjection:PauseAt</c>): before the message is stored, right after it (before the model runs), mid-stream, and
/// while the reply is being stored; killed with SIGKILL, or stopped with SIGTERM. For each: what the person saw, what is
/// stored after a restart (no acknowledged message lost, no message stored in part, no reply left streaming, a cut
/// reply keeping what was shown and marked interrupted), that a graceful stop ends within the shutdown timeout, and that
/// everyone's next turn works. A reply held mid-stream or before its outcome is stored is stopped once its checkpoint
/// holds everything shown (at most one checkpoint interval after the text stopped coming), so the whole shown text must
/// survive the stop.
/// </summary>
public sealed class TurnPhaseStopTests
{
    private const int Users = 5;
    private const string Held = "Fault injection holds";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public static TheoryData<string, TurnPhase> Cases
    {
        get
        {
            var cases = new TheoryData<string, TurnPhase>();
            foreach (var phase in Enum.GetValues<TurnPhase>())
            {
                cases.Add("kill -9", phase);
                cases.Add("SIGTERM", phase);
            }

            return cases;
        }
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_stop_at_a_phase_of_the_turn_loses_nothing_acknowledged_and_the_next_turn_works(string stop, TurnPhase phase)
    {
        using var data = new TempFolder();
        var people = new List<Person>();
        TimeSpan? stopTook = null;
        await using (var server = await ServerProcess.StartAsync(data.Path, HeldAt(phase), Cancel))
        {
            var held = server.LinesContainingAsync(Held, Users);
            for (var user = 0; user < Users; user++)
            {
                var session = await ProcessClients.CreateSessionAsync(server.BaseAddress, Cancel);
                var connection = await ProcessClients.ConnectAsync(server.BaseAddress, session.Token, Cancel);
                var person = new Person(session, connection, ProcessClients.Questions[user % ProcessClients.Questions.Length]);
                person.Reading = person.ReadAsync();
                people.Add(person);
            }

            // Every turn is at the phase; from mid-stream on, every person has the reply's first text too.
            await held.WaitAsync(Bound, Cancel);
            if (phase >= TurnPhase.Streaming)
            {
                await Task.WhenAll(people.Select(p => p.FirstText.Task)).WaitAsync(Bound, Cancel);
                await using var store = StoreOf(data.Path);
                var transcripts = store.GetRequiredService<ITranscriptStore>();
                foreach (var person in people)
                {
                    await person.WaitCheckpointedAsync(transcripts);
                }
            }

            if (stop == "kill -9")
            {
                await server.KillAsync();
            }
            else
            {
                stopTook = await server.TerminateAsync();
            }

            await Task.WhenAll(people.Select(p => p.Reading)).WaitAsync(Bound, Cancel);
            foreach (var person in people)
            {
                await person.Connection.DisposeAsync();
            }
        }

        // A new process on the same data, without fault injection.
        await using var restarted = await ServerProcess.StartAsync(data.Path, cancellationToken: Cancel);
        var findings = new List<Finding>();
        foreach (var person in people)
        {
            findings.Add(await person.CheckStoredAsync(restarted.BaseAddress, wholeTextKept: phase >= TurnPhase.Streaming));
        }

        var next = await Task.WhenAll(people.Select(p => p.NextTurnAsync(restarted.BaseAddress))).WaitAsync(Bound, Cancel);
        var stoppedInTime = stopTook is null || stopTook < ServerProcess.ShutdownTimeout;
        var heldCount = findings.Zip(next).Count(pair => pair.First.Held && pair.Second == TurnStatus.Completed && stoppedInTime);
        var detail = $"saw: {Tally(findings.Select(f => f.Saw))}; stored: {Tally(findings.Select(f => f.Stored))}"
            + (stopTook is { } took ? $"; stopped in {took.TotalSeconds:0.0} s" : "");
        FaultReport.Record(stop == "kill -9" ? "crash" : "graceful stop", $"{stop} {Describe(phase)}", Users, heldCount, detail);

        Assert.All(findings, finding => Assert.True(finding.Held, $"{finding.Saw} / {finding.Stored}: {finding.Problem}"));
        Assert.All(next, status => Assert.Equal(TurnStatus.Completed, status));
        Assert.True(stoppedInTime, $"the graceful stop took {stopTook} (shutdown timeout {ServerProcess.ShutdownTimeout})");
    }

    private static Dictionary<string, string> HeldAt(TurnPhase phase) => new()
    {
        ["FaultInjection:PauseAt"] = phase.ToString(),
        ["FaultInjection:PauseFor"] = "00:02:00",
        ["Coaching:Offline:ChunkDelay"] = "00:00:00.010",
    };

    /// <summary>The storage of a server's data folder, opened by the test beside the running server, as a second reader.</summary>
    private static ServiceProvider StoreOf(string dataDirectory)
    {
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory };
        foreach (var (key, value) in TestStorage.SettingsFor(dataDirectory))
        {
            settings[key] = value;
        }

        return new ServiceCollection()
            .AddLogging()
            .AddCoachBotStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
    }

    private static string Describe(TurnPhase phase) => phase switch
    {
        TurnPhase.BeforeMessageStored => "before the message is stored",
        TurnPhase.MessageStored => "after the message is stored, before the model",
        TurnPhase.Streaming => "mid-stream",
        _ => "while the reply is stored",
    };

    private static string Tally(IEnumerable<string> values) =>
        string.Join(", ", values.GroupBy(v => v).Select(g => $"{g.Count()}× {g.Key}"));

    private sealed record Finding(string Saw, string Stored, bool Held, string? Problem);

    /// <summary>One person: their session, their connection, the message they sent and what came back.</summary>
    private sealed class Person(IssuedSession session, HubConnection connection, string question)
    {
        private readonly StringBuilder _shown = new();
        private TurnEnd? _end;
        private TurnId? _turnId;
        private string? _error;

        public HubConnection Connection { get; } = connection;

        public TaskCompletionSource FirstText { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reading { get; set; } = Task.CompletedTask;

        public async Task ReadAsync()
        {
            try
            {
                await foreach (var chunk in Connection.StreamAsync<ReplyChunk>("SendMessage", question, Cancel))
                {
                    // Any chunk acknowledges the message: the server streams only once the message is stored.
                    _turnId = chunk.TurnId;
                    _shown.Append(chunk.Delta);
                    _end = chunk.End ?? _end;
                    if (_shown.Length > 0)
                    {
                        FirstText.TrySetResult();
                    }
                }
            }
            catch (Exception exception)
            {
                // The connection went with the process, or the hub refused the message with a code.
                _error = exception is HubException ? exception.Message : "connection closed";
            }
        }

        /// <summary>
        /// Returns once the turn's stored reply holds all the text the person was shown. The checkpoint is written in the
        /// server's background with nothing to await from here, so the store is read at a short interval, within a bound.
        /// </summary>
        public async Task WaitCheckpointedAsync(ITranscriptStore transcripts)
        {
            var user = new UserKey(TenantId.Parse(session.TenantId), UserId.Parse(session.UserId));
            var shown = _shown.ToString();
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            bound.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                while ((await transcripts.GetTurnAsync(user, _turnId!.Value, bound.Token)).SingleOrDefault(m => m.Role == MessageRole.Assistant)?.Text != shown)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), bound.Token);
                }
            }
            catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
            {
                // Not checkpointed within the bound: the stop goes ahead, and the stored text shows what was kept.
            }
            finally
            {
                SqliteConnection.ClearAllPools();
            }
        }

        /// <summary>What the restarted server has of this person's turn, and whether that is what the person may expect.</summary>
        public async Task<Finding> CheckStoredAsync(Uri baseAddress, bool wholeTextKept)
        {
            var saw = _end is { } end ? $"end {end.Status} {end.ErrorCode}".TrimEnd()
                : _turnId is not null ? $"{(_shown.Length > 0 ? "text" : "nothing")}, then {_error ?? "the stream ended"}"
                : _error ?? "nothing";
            using var http = new HttpClient { BaseAddress = baseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
            var history = (await http.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=100", TestHost.Json, Cancel))!.Messages;
            var asked = history.Where(m => m.Role == MessageRole.User).ToList();
            var replies = history.Where(m => m.Role == MessageRole.Assistant).ToList();
            var shown = _shown.ToString();

            // Never half a message: whatever is stored is the whole message, with a reply row that has ended.
            if (asked.Any(m => m.Text != question) || asked.Count > 1)
            {
                return new Finding(saw, "a changed message", false, string.Join(" | ", asked.Select(m => m.Text)));
            }

            if (asked.Count == 0)
            {
                return _turnId is null
                    ? new Finding(saw, "absent", true, null)
                    : new Finding(saw, "absent", false, "an acknowledged message was lost");
            }

            var reply = replies.SingleOrDefault(m => m.TurnId == asked[0].TurnId);
            if (reply is null || reply.Status == TurnStatus.Streaming)
            {
                return new Finding(saw, reply is null ? "no reply row" : "reply left streaming", false, null);
            }

            var stored = $"whole, reply {reply.Status} {reply.ErrorCode}".TrimEnd();
            if (_end is { } ended)
            {
                // The person saw the end: the store says the same, with the same text.
                var same = ended.Status == reply.Status && ended.ErrorCode == reply.ErrorCode && reply.Text == shown;
                return new Finding(saw, stored, same, same ? null : $"ended {ended.Status} with {shown.Length} characters, stored {reply.Status} with {reply.Text.Length}");
            }

            // Cut before its end: marked interrupted, keeping the reply shown (all of it when the stop came a checkpoint
            // interval after the text stopped; a stored reply may run ahead of what the dying connection delivered).
            var kept = (reply.Status, reply.ErrorCode) == (TurnStatus.Failed, ErrorCodes.Interrupted)
                && (wholeTextKept ? reply.Text.StartsWith(shown, StringComparison.Ordinal) : shown.StartsWith(reply.Text, StringComparison.Ordinal) || reply.Text.StartsWith(shown, StringComparison.Ordinal));
            return new Finding(saw, $"{stored}, {reply.Text.Length} of {shown.Length} shown characters kept", kept, kept ? null : $"stored \"{reply.Text}\", shown \"{shown}\"");
        }

        public async Task<TurnStatus?> NextTurnAsync(Uri baseAddress)
        {
            await using var next = await ProcessClients.ConnectAsync(baseAddress, session.Token, Cancel);
            TurnEnd? end = null;
            await foreach (var chunk in next.StreamAsync<ReplyChunk>("SendMessage", "And what should I do next?", Cancel))
            {
                end = chunk.End ?? end;
            }

            return end?.Status;
        }
    }
}
