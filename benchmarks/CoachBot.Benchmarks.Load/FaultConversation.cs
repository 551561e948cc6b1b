using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Benchmarks.Load;

/// <summary>One turn of the fault soak as its person saw it.</summary>
/// <param name="Acknowledged">A chunk of the turn arrived, so the server had stored the message.</param>
/// <param name="Text">Every character shown, across a drop and the re-attach.</param>
/// <param name="Status">The end's status, or <c>refused</c> (a hub error), <c>lost</c> (the connection broke and the turn could not be re-attached) or <c>hung</c>.</param>
/// <param name="Dropped">The socket was aborted mid-reply on purpose and the reply re-attached.</param>
public sealed record FaultTurn(string Marker, string? TurnId, bool Acknowledged, string Text, string Status, string? ErrorCode, string? ErrorMessage, bool Dropped);

/// <summary>A message in <c>GET /api/me/history</c> (only the members checked).</summary>
public sealed record HistoryMessage(string TurnId, string Role, string Text, string Status);

/// <summary>A page of <c>GET /api/me/history</c>.</summary>
public sealed record HistoryPage(List<HistoryMessage> Messages, bool HasMore);

/// <summary>
/// One person of the fault soak: one session for the whole run, one hub connection at a time on a socket the person can
/// drop without a close frame. A dropped or broken connection is replaced, and a reply in progress is re-attached with
/// <c>AttachToTurn(turnId, charactersShown)</c>.
/// </summary>
public sealed class FaultConversation(Uri server, Session session) : IAsyncDisposable
{
    /// <summary>How long a turn may take before it counts as hung (the model's slowest fault with all retries is well under it).</summary>
    public static readonly TimeSpan TurnBound = TimeSpan.FromSeconds(120);

    private HubConnection? _connection;
    private ClientWebSocket? _socket;

    public List<FaultTurn> Turns { get; } = [];

    public Session Session => session;

    /// <summary>Sends a message with <paramref name="marker"/>; when <paramref name="drop"/>, aborts the socket after the first text and re-attaches.</summary>
    public async Task<FaultTurn> TurnAsync(string marker, bool drop, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TurnBound);
        var text = new StringBuilder();
        string? turnId = null;
        TurnEnd? end = null;
        var dropped = false;
        try
        {
            var connection = await ConnectedAsync(bound.Token);
            try
            {
                await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", $"What should I work on next to grow in my role? ({marker})", bound.Token))
                {
                    turnId ??= chunk.TurnId;
                    text.Append(chunk.Delta);
                    if (chunk.End is { } last)
                    {
                        end = last;
                        break;
                    }

                    if (drop && !dropped && text.Length > 0)
                    {
                        dropped = true;
                        _socket?.Abort();
                    }
                }
            }
            catch (Exception ex) when (ex is not HubException && !bound.IsCancellationRequested)
            {
                // The connection broke (on purpose or not): the reply goes on at the server.
            }

            while (end is null && turnId is not null)
            {
                await DropConnectionAsync();
                var again = await ConnectedAsync(bound.Token);
                try
                {
                    await foreach (var chunk in again.StreamAsync<ReplyChunk>("AttachToTurn", turnId, text.Length, bound.Token))
                    {
                        text.Append(chunk.Delta);
                        end = chunk.End ?? end;
                    }
                }
                catch (Exception ex) when (ex is not HubException && !bound.IsCancellationRequested)
                {
                    // Broke again: attach once more from what was shown.
                }
            }
        }
        catch (HubException ex)
        {
            return Record(new FaultTurn(marker, turnId, turnId is not null, text.ToString(), "refused", null, ex.Message, dropped));
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DropConnectionAsync();
            return Record(new FaultTurn(marker, turnId, turnId is not null, text.ToString(), "hung", null, null, dropped));
        }

        if (end is null)
        {
            await DropConnectionAsync();
        }

        return Record(new FaultTurn(marker, turnId, turnId is not null, text.ToString(), end?.Status ?? "lost", end?.ErrorCode, end?.ErrorMessage, dropped));
    }

    /// <summary>Every message of the person's conversation, oldest first, paging back 100 at a time.</summary>
    public async Task<List<HistoryMessage>> HistoryAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var all = new List<HistoryMessage>();
        string? before = null;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, $"/api/me/history?limit=100{(before is null ? "" : "&before=" + before)}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<HistoryPage>(ScenarioRunner.Json, cancellationToken) ?? throw new InvalidOperationException("No history in the answer.");
            all.InsertRange(0, page.Messages);
            if (!page.HasMore || page.Messages.Count == 0)
            {
                return all;
            }

            before = page.Messages[0].TurnId;
        }
    }

    public async ValueTask DisposeAsync() => await DropConnectionAsync();

    private FaultTurn Record(FaultTurn turn)
    {
        Turns.Add(turn);
        return turn;
    }

    private async Task<HubConnection> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: HubConnectionState.Connected })
        {
            return _connection;
        }

        await DropConnectionAsync();
        _connection = await Conversation.StartHubAsync(server, session.Token, options => options.WebSocketFactory = async (context, ct) =>
        {
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + session.Token);
            await socket.ConnectAsync(context.Uri, ct);
            _socket = socket;
            return socket;
        }, cancellationToken);
        return _connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}
