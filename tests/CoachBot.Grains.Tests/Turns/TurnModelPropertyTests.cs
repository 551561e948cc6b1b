using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Ids;
using CoachBot.Server.Tests.Faults;
using CsCheck;

namespace CoachBot.Grains.Tests.Turns;

/// <summary>
/// Generated interleavings of sending, attaching at an offset, reconnecting (detach, attach again where the watcher was),
/// cancelling and chunk arrival against a user grain with its real storage. After each run: every watcher saw gapless,
/// increasing offsets from where it attached; a watcher that attached at k and read to the end got exactly the stored
/// reply from k; each accepted turn stored its whole message and one terminal status that every watcher saw; turns are
/// stored in the order they were accepted; a message is accepted only once the turn before has ended. A failing run
/// prints its seed and its steps.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TurnModelPropertyTests(ClusterFixture fixture)
{
    private const int Cases = 100;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public enum Step
    {
        Send,
        Chunk,
        Attach,
        Reconnect,
        Cancel,
    }

    // What the runs covered, for the report: turns stored as completed and as cancelled, sends refused while a turn ran,
    // and watchers that started past the reply's beginning.
    private int _completed;
    private int _cancelled;
    private int _refused;
    private int _attachedPastStart;

    private static readonly Gen<(Step Step, int Pick)[]> Runs =
        Gen.Select(Gen.Frequency((2, Step.Send), (5, Step.Chunk), (2, Step.Attach), (2, Step.Reconnect), (1, Step.Cancel)), Gen.Int[0, 1000])
            .Array[1, 24];

    [Fact]
    public async Task Interleaved_sends_attaches_reconnects_cancels_and_chunks_keep_the_turn_model()
    {
        var runs = 0;
        var passed = 0;
        try
        {
            await Runs.SampleAsync(
                async steps =>
                {
                    Interlocked.Increment(ref runs);
                    await RunAsync(steps);
                    Interlocked.Increment(ref passed);
                },
                iter: Cases,
                threads: 1,
                print: steps => string.Join(", ", steps.Select(s => $"{s.Step}({s.Pick})")));
        }
        finally
        {
            // Shrinking a failure runs more cases than were asked for: the row counts the cases asked for.
            FaultReport.Record("turn model", "generated interleavings of send, attach, reconnect, cancel and chunk arrival", Cases, runs == passed ? Cases : Math.Min(passed, Cases - 1),
                $"{_completed} turns completed, {_cancelled} cancelled, {_refused} sends refused while a turn ran, {_attachedPastStart} watchers started past the beginning");
        }
    }

    private async Task RunAsync((Step Step, int Pick)[] steps)
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var turns = new List<(TurnId Id, string Question)>();
        var watchers = new List<Watcher>();
        var refused = new List<string>();
        try
        {
            await PlayAsync(grain, user, steps, turns, watchers, refused);
            var stored = (await grain.GetHistoryAsync(100)).Messages.Where(m => m.Role == MessageRole.Assistant).ToList();
            _completed += stored.Count(m => m.Status == TurnStatus.Completed);
            _cancelled += stored.Count(m => m.Status == TurnStatus.Cancelled);
            _refused += refused.Count;
            _attachedPastStart += watchers.Count(w => w.Offset > 0);
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }
        }
    }

    private static async Task PlayAsync(IUserGrain grain, UserKey user, (Step Step, int Pick)[] steps, List<(TurnId Id, string Question)> turns, List<Watcher> watchers, List<string> refused)
    {
        var stepper = ScriptedCoachingEngine.Steps(user.User.Value);
        for (var index = 0; index < steps.Length; index++)
        {
            var (step, pick) = steps[index];
            var current = turns.Count > 0 ? turns[^1].Id : (TurnId?)null;
            switch (step)
            {
                case Step.Send:
                    var question = $"steps:{user.User.Value} question {index}";
                    try
                    {
                        var started = await grain.StartTurnAsync(question);
                        if (current is { } previous)
                        {
                            // At most one running turn: the one before has ended already, with no further chunk let through.
                            var (_, end, _) = await grain.ReadToEndAsync(previous).WaitAsync(Bound);
                            Assert.NotEqual(TurnStatus.Streaming, end.Status);
                        }

                        turns.Add((started.TurnId, question));
                        watchers.Add(Watcher.Start(grain, started.TurnId, 0));
                    }
                    catch (CoachBotException refusal) when (refusal.Code == ErrorCodes.TurnInProgress)
                    {
                        // Refused only while a turn runs, and the running one is the latest accepted (or has just ended).
                        Assert.NotNull(current);
                        var active = await grain.GetActiveTurnAsync();
                        Assert.True(active is null || active == current, $"refused while {active} runs, after {current}");
                        refused.Add(question);
                    }

                    break;
                case Step.Chunk:
                    stepper.Release();
                    break;
                case Step.Attach when current is { } turn:
                    // Any offset the person could have reached: up to what the sender's watcher has seen so far.
                    var seen = watchers.Last(w => w.TurnId == turn && w.Offset == 0).Seen;
                    watchers.Add(Watcher.Start(grain, turn, pick % (seen + 1)));
                    break;
                case Step.Reconnect when watchers.Count > 0:
                    var dropped = watchers[pick % watchers.Count];
                    if (await dropped.DetachAsync() is { } reached)
                    {
                        watchers.Add(Watcher.Start(grain, dropped.TurnId, reached));
                    }

                    break;
                case Step.Cancel when current is { } turn:
                    await grain.CancelTurnAsync(turn);
                    break;
                default:
                    break;
            }
        }

        // Let the last turn finish, then read everything back.
        stepper.Release(ScriptedCoachingEngine.StepChunks + 1);
        await Task.WhenAll(watchers.Select(w => w.Reading)).WaitAsync(Bound);
        var history = (await grain.GetHistoryAsync(100)).Messages;
        Assert.Equal(turns.Select(t => t.Id), history.Where(m => m.Role == MessageRole.User).Select(m => m.TurnId));
        Assert.Equal(turns.Select(t => t.Question), history.Where(m => m.Role == MessageRole.User).Select(m => m.Text));
        Assert.DoesNotContain(history, m => refused.Contains(m.Text));
        foreach (var (turnId, _) in turns)
        {
            var reply = Assert.Single(history, m => m.Role == MessageRole.Assistant && m.TurnId == turnId);
            Assert.Contains(reply.Status, new[] { TurnStatus.Completed, TurnStatus.Cancelled });
            foreach (var watcher in watchers.Where(w => w.TurnId == turnId))
            {
                watcher.AssertGapless();
                if (watcher.End is { } end)
                {
                    Assert.Equal((reply.Status, reply.Text.Length), (end.Status, end.Length));
                    Assert.Equal(reply.Text[watcher.Offset..], watcher.Text);
                }
            }

            // The sender's own watcher never detached unless reconnected; some watcher of every turn read it to its end.
            Assert.Contains(watchers, w => w.TurnId == turnId && w.End is not null);
        }
    }

    /// <summary>One client reading a turn from an offset, in the background, until the end or until it detaches.</summary>
    private sealed class Watcher : IDisposable
    {
        private readonly CancellationTokenSource _detach = new();
        private readonly List<ReplyChunk> _chunks = [];
        private int _seen;

        private Watcher(TurnId turnId, int offset)
        {
            TurnId = turnId;
            Offset = offset;
        }

        public TurnId TurnId { get; }

        public int Offset { get; }

        public Task Reading { get; private set; } = Task.CompletedTask;

        /// <summary>How far into the reply this watcher has read.</summary>
        public int Seen => Volatile.Read(ref _seen);

        public TurnEnd? End { get; private set; }

        public string Text => string.Concat(_chunks.Select(c => c.Delta));

        public static Watcher Start(IUserGrain grain, TurnId turnId, int offset)
        {
            var watcher = new Watcher(turnId, offset) { _seen = offset };
            watcher.Reading = watcher.ReadAsync(grain);
            return watcher;
        }

        /// <summary>Drops the connection; returns the offset reached, or null when the watcher had already read to the end.</summary>
        public async Task<int?> DetachAsync()
        {
            if (Reading.IsCompleted)
            {
                return null;
            }

            await _detach.CancelAsync();
            await Reading.WaitAsync(Bound);
            return End is null ? Seen : null;
        }

        public void Dispose() => _detach.Dispose();

        public void AssertGapless()
        {
            var position = Offset;
            foreach (var chunk in _chunks)
            {
                Assert.Equal(position, chunk.Offset);
                Assert.True(chunk.End is null || chunk == _chunks[^1], "the end is the last chunk");
                position += chunk.Delta.Length;
            }
        }

        private async Task ReadAsync(IUserGrain grain)
        {
            try
            {
                await foreach (var chunk in grain.WatchTurnAsync(TurnId, Offset, _detach.Token))
                {
                    _chunks.Add(chunk);
                    Volatile.Write(ref _seen, chunk.Offset + chunk.Delta.Length);
                    if (chunk.End is { } end)
                    {
                        End = end;
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (_detach.IsCancellationRequested)
            {
                // Detached.
            }
        }
    }
}
