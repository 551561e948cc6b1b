using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoachBot.Conversations;
using CoachBot.Grains.FaultInjection;
using CoachBot.Ids;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Server.Tests.Faults;

/// <summary>
/// The person's connection drops (the socket aborted, no close handshake) while their turn is held at each phase: before
/// the hub has the turn accepted, after it was accepted, mid-stream, and at the end (all text streamed, the outcome not
/// stored). The turn goes on and completes on the server; what is stored is what a client re-attaching from another
/// connection gets, from the start or from where the dropped one stopped; a drop is no error in the log; the next turn
/// works.
/// </summary>
public sealed class ClientDisconnectTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static TheoryData<TurnPhase> Phases => [.. Enum.GetValues<TurnPhase>()];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task A_client_that_drops_at_any_phase_leaves_a_turn_that_completes_and_can_be_reattached(TurnPhase phase)
    {
        using var data = new TempFolder();
        var gate = new PhaseGate(phase);
        var logs = new CapturingLoggerProvider();
        await using var host = await TestHost.StartAsync(data.Path, services =>
        {
            services.AddSingleton<ITurnPhaseHook>(gate);
            services.AddSingleton<ILoggerProvider>(logs);
        });
        var session = await host.CreateSessionAsync();
        const string question = "How do I become a senior backend developer?";

        // The person sends, and their connection drops while the turn is held at the phase.
        var dropping = await AbortableConnection.StartAsync(host.BaseAddress, session.Token);
        var shown = new StringBuilder();
        var firstText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var chunk in dropping.Connection.StreamAsync<ReplyChunk>("SendMessage", question, Cancel))
                {
                    shown.Append(chunk.Delta);
                    if (shown.Length > 0)
                    {
                        firstText.TrySetResult();
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !Cancel.IsCancellationRequested)
            {
                // The connection went.
            }
        }, Cancel);
        var turnId = await gate.Reached.Task.WaitAsync(Bound, Cancel);
        if (phase >= TurnPhase.Streaming)
        {
            await firstText.Task.WaitAsync(Bound, Cancel);
        }

        dropping.Abort();
        await reading.WaitAsync(Bound, Cancel);
        await dropping.Connection.DisposeAsync();
        gate.Release.SetResult();

        // Another connection of the person re-attaches: from the start, and from where the dropped one stopped.
        await using var again = await host.ConnectAsync(session.Token);
        var (whole, end) = await AttachAsync(again, turnId, 0);
        var (rest, restEnd) = await AttachAsync(again, turnId, shown.Length);
        using var api = host.AuthorizedClient(session.Token);
        var history = (await api.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!.Messages;
        var asked = history.SingleOrDefault(m => m.Role == MessageRole.User && m.TurnId == turnId);
        var stored = history.SingleOrDefault(m => m.Role == MessageRole.Assistant && m.TurnId == turnId);

        var next = TurnStatus.Streaming;
        await foreach (var chunk in again.StreamAsync<ReplyChunk>("SendMessage", "And what should I do next?", Cancel))
        {
            next = chunk.End?.Status ?? next;
        }

        var errors = logs.Lines.Where(line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        var held = asked?.Text == question && end.Status == TurnStatus.Completed && stored?.Status == TurnStatus.Completed && stored.Text == whole
            && restEnd.Status == TurnStatus.Completed && shown + rest == whole && next == TurnStatus.Completed && errors.Count == 0;
        FaultReport.Record("client disconnect", $"connection aborted {Describe(phase)}", 1, held ? 1 : 0,
            $"{shown.Length} characters shown before the drop; stored {stored?.Status} with {stored?.Text.Length} characters; {errors.Count} errors logged");

        Assert.Equal(question, asked?.Text);
        Assert.Equal(TurnStatus.Completed, end.Status);
        Assert.Equal((TurnStatus.Completed, whole), (stored?.Status, stored?.Text));
        Assert.Equal((TurnStatus.Completed, whole), (restEnd.Status, shown + rest));
        Assert.Equal(TurnStatus.Completed, next);
        Assert.Empty(errors);
    }

    private static async Task<(string Text, TurnEnd End)> AttachAsync(HubConnection connection, TurnId turnId, int offset)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Bound);
        var text = new StringBuilder();
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("AttachToTurn", turnId.ToString(), offset, timeout.Token))
        {
            text.Append(chunk.Delta);
            if (chunk.End is { } end)
            {
                return (text.ToString(), end);
            }
        }

        throw new InvalidOperationException("The re-attached stream ended without an end marker.");
    }

    private static string Describe(TurnPhase phase) => phase switch
    {
        TurnPhase.BeforeMessageStored => "before the hub accepts the message",
        TurnPhase.MessageStored => "after the message is accepted",
        TurnPhase.Streaming => "mid-stream",
        _ => "at the end of the reply",
    };

    /// <summary>A hub connection over a WebSocket the test can abort, as a lost network or a closed laptop drops it.</summary>
    private sealed class AbortableConnection
    {
        private ClientWebSocket? _socket;

        private AbortableConnection(HubConnection connection) => Connection = connection;

        public HubConnection Connection { get; }

        public static async Task<AbortableConnection> StartAsync(Uri baseAddress, string token)
        {
            AbortableConnection? abortable = null;
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(baseAddress, "/hubs/coach"), options =>
                {
                    options.SkipNegotiation = true;
                    options.Transports = HttpTransportType.WebSockets;
                    options.WebSocketFactory = async (context, cancellationToken) =>
                    {
                        var socket = new ClientWebSocket();
                        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                        await socket.ConnectAsync(context.Uri, cancellationToken);
                        abortable!._socket = socket;
                        return socket;
                    };
                })
                .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
                .Build();
            abortable = new AbortableConnection(connection);
            await connection.StartAsync(Cancel);
            return abortable;
        }

        /// <summary>Drops the socket without a close frame: the server learns of it only from the connection ending.</summary>
        public void Abort() => _socket!.Abort();
    }
}
