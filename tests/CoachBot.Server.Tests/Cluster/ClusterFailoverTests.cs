using System.Diagnostics;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Faults;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Cluster;

/// <summary>
/// Three silos and two front ends as separate processes on one Redis and one database; 100 people chat through both
/// front ends and one silo is killed with SIGKILL while every reply streams. No acknowledged message is lost, every
/// reply cut by the kill keeps the text streamed so far and is marked interrupted, the people it cut re-attach through
/// the other front end, and everyone's next turn works.
/// </summary>
public sealed class ClusterFailoverTests
{
    private const int People = 100;
    private const int FrontEnds = 2;
    private const int Silos = 3;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    private static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        // Long enough that every reply is mid-stream when the silo dies.
        ["Coaching:Offline:ChunkDelay"] = "00:00:00.700",
        ["Conversation:CheckpointInterval"] = "00:00:02",
        ["Auth:SessionsPerMinutePerClient"] = "1000",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill_9_of_a_silo_mid_stream_loses_nothing_and_people_carry_on_through_the_other_front_end()
    {
        if (ClusterNodes.RequireRedis() is not { } redis)
        {
            return;
        }

        using var data = new TempFolder();
        await using var cluster = await ClusterNodes.StartAsync(redis, data.Path, FrontEnds, Silos, Settings, Cancel);
        var people = new List<Person>();
        for (var index = 0; index < People; index++)
        {
            var frontEnd = cluster.FrontEnds[index % FrontEnds];
            people.Add(new Person(frontEnd.BaseAddress, await ProcessClients.CreateSessionAsync(frontEnd.BaseAddress, Cancel), ProcessClients.Questions[index % ProcessClients.Questions.Length]));
        }

        // Everyone asks, through their own front end, and reads until the reply ends or the stream breaks.
        using var midStream = new CountdownEvent(People);
        var streaming = new List<Task>();
        foreach (var person in people)
        {
            person.Connection = await ProcessClients.ConnectAsync(person.FrontEnd, person.Session.Token, Cancel);
            streaming.Add(person.AskAsync(midStream));
        }

        Assert.True(midStream.Wait(Bound, Cancel), $"every reply is streaming before the kill; {midStream.CurrentCount} are not: "
            + string.Join("; ", people.Where(p => p.Error is not null).Select(p => p.Error).Distinct().Take(5))
            + Environment.NewLine + cluster.FrontEnds[0].RecentOutput);
        await cluster.Silos[0].KillAsync();
        await Task.WhenAll(streaming).WaitAsync(Bound, Cancel);

        // The acknowledged messages are all there; a reply is complete, or was cut by the kill, or ended interrupted while
        // the person watched it.
        var acknowledged = people.Count(p => p.TurnId is not null);
        var cut = people.Where(p => p.End is null).ToList();
        var found = 0;
        var kept = 0;
        var told = 0;
        foreach (var person in people.Where(p => p.TurnId is not null))
        {
            var messages = await RetryAsync(() => ProcessClients.TurnAsync(OtherFrontEnd(cluster, person), person.Session.Token, person.TurnId!.Value, Cancel));
            if (messages.Any(m => m.Role == MessageRole.User && m.Text == person.Question))
            {
                found++;
            }

            var reply = messages.Single(m => m.Role == MessageRole.Assistant);
            var shown = person.Seen.ToString();
            if (person.End is { Status: TurnStatus.Completed })
            {
                Assert.Equal((TurnStatus.Completed, shown), (reply.Status, reply.Text));
            }
            else if (person.End is { } end)
            {
                // The grain lived on a surviving silo, but its directory registration was on the killed one, so Orleans
                // deactivated it mid-reply. Read where it was written, the reply's end reached the person as it happened:
                // interrupted, stored as they were shown it.
                Assert.Equal((TurnStatus.Failed, ErrorCodes.Interrupted), (end.Status, end.ErrorCode));
                Assert.Equal(shown.Length, end.Length);
                ProcessClients.AssertInterruptedKeeping(reply, shown);
                told++;
            }
            else if (reply.Status == TurnStatus.Completed)
            {
                // The person's stream broke with the kill, but their grain lived on a surviving silo and finished the
                // reply: it is stored whole, beginning with what was shown, and re-attaching delivers the rest.
                Assert.StartsWith(shown, reply.Text, StringComparison.Ordinal);
                kept++;
            }
            else
            {
                ProcessClients.AssertInterruptedKeeping(reply, shown);
                if (reply.Text.Length > 0)
                {
                    kept++;
                }
            }
        }

        // The people the kill cut re-attach to their turn through the other front end and see how it ended.
        var reattached = 0;
        foreach (var person in cut.Where(p => p.TurnId is not null))
        {
            await person.Connection!.DisposeAsync();
            person.Connection = await ProcessClients.ConnectAsync(OtherFrontEnd(cluster, person), person.Session.Token, Cancel);
            var (text, end) = await RetryAsync(() => person.AttachAsync());
            if (end is { Status: TurnStatus.Failed, ErrorCode: ErrorCodes.Interrupted } or { Status: TurnStatus.Completed } && text.Length > 0)
            {
                reattached++;
            }
        }

        // Everyone's next turn works, through the front end they are connected to now.
        var next = await Task.WhenAll(people.Select(person => RetryAsync(() => person.AskAgainAsync()))).WaitAsync(Bound, Cancel);
        foreach (var person in people)
        {
            await person.Connection!.DisposeAsync();
        }

        FaultReport.Record("cluster", "kill -9 of a silo mid stream: acknowledged user messages found", acknowledged, found);
        FaultReport.Record("cluster", "kill -9 of a silo mid stream: cut replies keeping streamed text, marked interrupted", cut.Count, kept,
            $"{People - cut.Count - told} of {People} replies completed on surviving silos, {told} ended interrupted while watched");
        FaultReport.Record("cluster", "kill -9 of a silo mid stream: cut conversations re-attached through the other front end", cut.Count, reattached);
        FaultReport.Record("cluster", "kill -9 of a silo mid stream: next turns completed", People, next.Count(status => status == TurnStatus.Completed));
        Assert.Equal(People, acknowledged);
        Assert.Equal(acknowledged, found);
        Assert.NotEmpty(cut);
        Assert.Equal(cut.Count, kept);
        Assert.Equal(cut.Count, reattached);
        Assert.All(next, status => Assert.Equal(TurnStatus.Completed, status));
    }

    private static Uri OtherFrontEnd(ClusterNodes cluster, Person person) =>
        cluster.FrontEnds.Single(frontEnd => frontEnd.BaseAddress != person.FrontEnd).BaseAddress;

    // Until the cluster has declared the killed silo dead (a few seconds), calls to grains that lived on it fail; the
    // caller tries again, a bounded number of times.
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (ex is HubException or HttpRequestException or InvalidOperationException && clock.Elapsed < Bound)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
            }
        }
    }

    private sealed class Person(Uri frontEnd, IssuedSession session, string question)
    {
        public Uri FrontEnd { get; } = frontEnd;

        public IssuedSession Session { get; } = session;

        public string Question { get; } = question;

        public HubConnection? Connection { get; set; }

        public TurnId? TurnId { get; private set; }

        public StringBuilder Seen { get; } = new();

        public TurnEnd? End { get; private set; }

        public string? Error { get; private set; }

        public async Task AskAsync(CountdownEvent midStream)
        {
            var chunks = 0;
            var clock = Stopwatch.StartNew();
            try
            {
                // A message the server did not acknowledge may be sent again, as a person would; one whose acknowledgement
                // was lost on the way is found as the active turn instead.
                while (TurnId is null)
                {
                    try
                    {
                        var connection = Connection!;
                        var active = await connection.InvokeAsync<string?>("GetActiveTurn", Cancel);
                        var reply = active is null
                            ? connection.StreamAsync<ReplyChunk>("SendMessage", Question, Cancel)
                            : connection.StreamAsync<ReplyChunk>("AttachToTurn", active, 0, Cancel);
                        await foreach (var chunk in reply)
                        {
                            // The first chunk acknowledges the message: the server sends it only once the message is stored.
                            TurnId ??= chunk.TurnId;
                            Seen.Append(chunk.Delta);
                            End = chunk.End ?? End;
                            // Five chunks in, more than one checkpoint interval has passed: the reply counts as mid-stream.
                            if (++chunks == 5)
                            {
                                midStream.Signal();
                            }
                        }
                    }
                    catch (HubException exception) when (TurnId is null && clock.Elapsed < Bound)
                    {
                        Error = exception.Message;
                        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
                    }
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.IAssertionException)
            {
                // The silo running this person's turn died.
                Error = exception.GetType().Name + ": " + exception.Message;
            }
            finally
            {
                if (chunks < 5)
                {
                    midStream.Signal();
                }
            }
        }

        public async Task<(string Text, TurnEnd? End)> AttachAsync()
        {
            var text = new StringBuilder();
            TurnEnd? end = null;
            await foreach (var chunk in Connection!.StreamAsync<ReplyChunk>("AttachToTurn", TurnId!.Value.ToString(), 0, Cancel))
            {
                text.Append(chunk.Delta);
                end = chunk.End ?? end;
            }

            return (text.ToString(), end);
        }

        public async Task<TurnStatus?> AskAgainAsync()
        {
            TurnEnd? end = null;
            await foreach (var chunk in Connection!.StreamAsync<ReplyChunk>("SendMessage", "And what should I do next?", Cancel))
            {
                end = chunk.End ?? end;
            }

            return end?.Status;
        }
    }
}
