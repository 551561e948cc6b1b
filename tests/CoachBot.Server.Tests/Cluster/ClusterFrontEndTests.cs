using System.Net.Http.Headers;
using CoachBot.Conversations;
using CoachBot.Profiles;
using CoachBot.Server.Tests.Faults;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Cluster;

/// <summary>
/// Two hosts of one cluster: what a grain pushes reaches the user's connections on the other front end (the SignalR
/// backplane), and erasing a user through one front end closes their connections on the other.
/// </summary>
public sealed class ClusterFrontEndTests
{
    private const int People = 10;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Erasing_a_user_through_one_front_end_closes_their_connection_on_the_other()
    {
        if (ClusterNodes.RequireRedis() is not { } redis)
        {
            return;
        }

        using var data = new TempFolder();
        await using var cluster = await ClusterNodes.StartAsync(redis, data.Path, frontEnds: 2, silos: 0, new Dictionary<string, string>(), Cancel);
        var session = await ProcessClients.CreateSessionAsync(cluster.FrontEnds[0].BaseAddress, Cancel);
        await using var connection = await ProcessClients.ConnectAsync(cluster.FrontEnds[1].BaseAddress, session.Token, Cancel);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.InvokeAsync<CareerProfile>("GetProfile", Cancel);

        using var http = new HttpClient { BaseAddress = cluster.FrontEnds[0].BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        using var deleted = await http.DeleteAsync(new Uri("/api/me", UriKind.Relative), Cancel);
        deleted.EnsureSuccessStatusCode();

        await closed.Task.WaitAsync(Bound, Cancel);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        FaultReport.Record("cluster", "erasure through one front end closed the connection on the other", 1, 1);
    }

    [Fact]
    public async Task A_turn_started_through_one_front_end_is_pushed_to_the_users_device_on_the_other()
    {
        if (ClusterNodes.RequireRedis() is not { } redis)
        {
            return;
        }

        using var data = new TempFolder();
        await using var cluster = await ClusterNodes.StartAsync(redis, data.Path, frontEnds: 2, silos: 0, new Dictionary<string, string>(), Cancel);
        var told = 0;
        for (var person = 0; person < People; person++)
        {
            var session = await ProcessClients.CreateSessionAsync(cluster.FrontEnds[0].BaseAddress, Cancel);
            await using var phone = await ProcessClients.ConnectAsync(cluster.FrontEnds[0].BaseAddress, session.Token, Cancel);
            await using var laptop = await ProcessClients.ConnectAsync(cluster.FrontEnds[1].BaseAddress, session.Token, Cancel);
            var started = new TaskCompletionSource<TurnStarted>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = laptop.On<TurnStarted>(nameof(TurnStarted), turn => started.TrySetResult(turn));
            // A connection's handshake is answered before the hub's OnConnectedAsync has joined it to the user's group (a
            // Redis subscription on this front end); the hub runs invocations only after that, so one round trip means the
            // laptop is in its group before the phone starts a turn.
            Assert.Null(await laptop.InvokeAsync<string?>("GetActiveTurn", Cancel));

            ReplyChunk? first = null;
            await foreach (var chunk in phone.StreamAsync<ReplyChunk>("SendMessage", "How do I become a senior backend developer?", Cancel))
            {
                first ??= chunk;
            }

            if ((await started.Task.WaitAsync(Bound, Cancel)).TurnId == first!.TurnId)
            {
                told++;
            }
        }

        FaultReport.Record("cluster", "grain push reached the user's device on the other front end", People, told);
        Assert.Equal(People, told);
    }
}
