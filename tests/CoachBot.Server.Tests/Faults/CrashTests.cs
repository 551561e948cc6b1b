using System.Collections.Concurrent;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Faults;

/// <summary>
/// The server process killed with SIGKILL while 20 people's replies stream, three times over the same data: every
/// message the server acknowledged is found after the restart, every interrupted reply keeps the text checkpointed
/// before the kill (the reply the person saw, give or take one checkpoint interval) and is marked interrupted, and the
/// next turns work.
/// </summary>
public sealed class CrashTests
{
    private const int Users = 20;
    private const int Kills = 3;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static readonly IReadOnlyDictionary<string, string> Slow = new Dictionary<string, string>
    {
        // Long enough that every reply is mid-stream when the process dies.
        ["Coaching:Offline:ChunkDelay"] = "00:00:00.700",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill_9_mid_stream_loses_no_acknowledged_message_and_keeps_the_streamed_text()
    {
        using var data = new TempFolder();
        var sessions = new List<IssuedSession>();
        var acknowledged = new ConcurrentDictionary<TurnId, (int User, string Question, StringBuilder Seen)>();
        int found = 0, kept = 0, keptCharacters = 0, seenCharacters = 0;

        for (var kill = 0; kill < Kills; kill++)
        {
            var round = new List<TurnId>();
            await using (var server = await ServerProcess.StartAsync(data.Path, Slow, Cancel))
            {
                while (sessions.Count < Users)
                {
                    sessions.Add(await ProcessClients.CreateSessionAsync(server.BaseAddress, Cancel));
                }

                var streaming = new List<Task>();
                var midStream = new CountdownEvent(Users);
                var connections = new List<HubConnection>();
                for (var user = 0; user < Users; user++)
                {
                    var connection = await ConnectAsync(server.BaseAddress, sessions[user].Token);
                    connections.Add(connection);
                    var question = ProcessClients.Questions[(user + kill) % ProcessClients.Questions.Length];
                    var index = user;
                    streaming.Add(ReadUntilCutAsync(connection, question, index, acknowledged, round, midStream));
                }

                Assert.True(midStream.Wait(Bound, Cancel), "every reply is streaming before the kill");
                await server.KillAsync();
                await Task.WhenAll(streaming).WaitAsync(Bound, Cancel);
                foreach (var connection in connections)
                {
                    await connection.DisposeAsync();
                }
            }

            // A new process on the same data: what was acknowledged is there, and what was streamed is kept.
            await using var restarted = await ServerProcess.StartAsync(data.Path, Slow, Cancel);
            foreach (var turnId in round)
            {
                var (user, question, seen) = acknowledged[turnId];
                var messages = await TurnAsync(restarted.BaseAddress, sessions[user].Token, turnId);
                if (messages.Any(m => m is { Role: MessageRole.User } && m.Text == question))
                {
                    found++;
                }

                var reply = messages.Single(m => m.Role == MessageRole.Assistant);
                var shown = seen.ToString();
                ProcessClients.AssertInterruptedKeeping(reply, shown);
                if (reply.Text.Length > 0)
                {
                    kept++;
                }

                keptCharacters += reply.Text.Length;
                seenCharacters += shown.Length;
            }
        }

        FaultReport.Record("crash", "kill -9 mid stream: acknowledged user messages found", acknowledged.Count, found);
        FaultReport.Record("crash", "kill -9 mid stream: interrupted replies keeping streamed text", acknowledged.Count, kept,
            $"{keptCharacters} of {seenCharacters} shown characters kept");
        Assert.Equal(Users * Kills, acknowledged.Count);
        Assert.Equal(acknowledged.Count, found);
        Assert.Equal(acknowledged.Count, kept);

        // After the last crash every person can go on.
        await using var final = await ServerProcess.StartAsync(data.Path, cancellationToken: Cancel);
        var next = await Task.WhenAll(sessions.Select(async session =>
        {
            await using var connection = await ConnectAsync(final.BaseAddress, session.Token);
            TurnEnd? end = null;
            await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "And what should I do next?", Cancel))
            {
                end = chunk.End ?? end;
            }

            return end?.Status;
        })).WaitAsync(Bound, Cancel);
        Assert.All(next, status => Assert.Equal(TurnStatus.Completed, status));
    }

    private static async Task ReadUntilCutAsync(
        HubConnection connection, string question, int user, ConcurrentDictionary<TurnId, (int, string, StringBuilder)> acknowledged, List<TurnId> round, CountdownEvent midStream)
    {
        var seen = new StringBuilder();
        var chunks = 0;
        try
        {
            await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", question, Cancel))
            {
                // The first chunk acknowledges the message: the server sends it only once the message is stored.
                if (acknowledged.TryAdd(chunk.TurnId, (user, question, seen)))
                {
                    lock (round)
                    {
                        round.Add(chunk.TurnId);
                    }
                }

                seen.Append(chunk.Delta);
                Assert.Null(chunk.End);
                // Three chunks in, at least one checkpoint interval has passed: the reply counts as mid-stream.
                if (++chunks == 3)
                {
                    midStream.Signal();
                }
            }
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.IAssertionException)
        {
            // The connection died with the process.
        }
    }

    private static Task<HubConnection> ConnectAsync(Uri baseAddress, string token) => ProcessClients.ConnectAsync(baseAddress, token, Cancel);

    private static Task<IReadOnlyList<TranscriptMessage>> TurnAsync(Uri baseAddress, string token, TurnId turnId) =>
        ProcessClients.TurnAsync(baseAddress, token, turnId, Cancel);
}
