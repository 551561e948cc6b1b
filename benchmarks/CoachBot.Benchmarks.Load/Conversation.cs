using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Benchmarks.Load;

/// <summary>What the hub streams (only the members the load generator reads).</summary>
public sealed record ReplyChunk(string TurnId, int Offset, string Delta, TurnEnd? End);

/// <summary>How a turn ended.</summary>
public sealed record TurnEnd(string Status, int Length, string? ErrorCode, string? ErrorMessage = null);

/// <summary>What <c>POST /api/sessions</c> answers (only what is used).</summary>
public sealed record Session(string Token, string UserId);

/// <summary>One turn as the client saw it, in <see cref="Stopwatch"/> timestamps.</summary>
public sealed record TurnSample(string Marker, long Sent, long FirstText, long Ended, int Chunks, string Status);

/// <summary>
/// One widget-style user: an anonymous session from <c>POST /api/sessions</c>, one hub connection with the session token,
/// and turns sent one after another with <c>SendMessage</c>. After <see cref="TurnsPerUser"/> turns (or a lost connection) it becomes a
/// new user, so long runs stay under the per-user daily message quota.
/// </summary>
public sealed class Conversation : IAsyncDisposable
{
    public const int TurnsPerUser = 150;
    private readonly HttpClient _http;
    private readonly Uri _server;
    private HubConnection _connection;
    private int _turns;

    private Conversation(HttpClient http, Uri server, HubConnection connection)
    {
        _http = http;
        _server = server;
        _connection = connection;
    }

    public static async Task<Conversation> OpenAsync(HttpClient http, Uri server, CancellationToken cancellationToken) =>
        new(http, server, await ConnectAsync(http, server, cancellationToken));

    /// <summary>Opens <paramref name="count"/> conversations, a few at a time.</summary>
    public static async Task<List<Conversation>> OpenManyAsync(int count, HttpClient http, Uri server, CancellationToken cancellationToken)
    {
        var opened = new Conversation[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => opened[i] = await OpenAsync(http, server, ct));
        return [.. opened];
    }

    /// <summary>Sends one message with a fresh marker and reads its reply to the end; records the gaps between chunks into <paramref name="gaps"/>.</summary>
    public async Task<TurnSample> TurnAsync(Latencies gaps, CancellationToken cancellationToken)
    {
        if (++_turns > TurnsPerUser || _connection.State != HubConnectionState.Connected)
        {
            await _connection.DisposeAsync();
            _connection = await ConnectAsync(_http, _server, cancellationToken);
            _turns = 1;
        }

        var marker = $"bq{Random.Shared.NextInt64():x16}";
        var text = $"What should I work on next to grow in my role? ({marker})";
        var chunks = 0;
        long firstText = 0;
        long previous = 0;
        var status = "none";
        var sent = Stopwatch.GetTimestamp();
        await foreach (var chunk in _connection.StreamAsync<ReplyChunk>("SendMessage", text, cancellationToken))
        {
            var now = Stopwatch.GetTimestamp();
            if (chunk.End is { } end)
            {
                status = end.Status;
                break;
            }

            if (chunk.Delta.Length == 0)
            {
                continue;
            }

            chunks++;
            if (firstText == 0)
            {
                firstText = now;
            }
            else
            {
                gaps.Record(now - previous);
            }

            previous = now;
        }

        return new TurnSample(marker, sent, firstText, Stopwatch.GetTimestamp(), chunks, status);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>A new anonymous widget session.</summary>
    public static async Task<Session> CreateSessionAsync(HttpClient http, Uri server, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(server, "/api/sessions"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<Session>(cancellationToken) ?? throw new InvalidOperationException("No session in the answer.");
    }

    /// <summary>A started hub connection over WebSockets with the session token; <paramref name="configure"/> may replace the socket.</summary>
    public static async Task<HubConnection> StartHubAsync(Uri server, string token, Action<HttpConnectionOptions>? configure, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/coach"), options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                configure?.Invoke(options);
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.PropertyNameCaseInsensitive = true)
            .Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    private static async Task<HubConnection> ConnectAsync(HttpClient http, Uri server, CancellationToken cancellationToken) =>
        await StartHubAsync(server, (await CreateSessionAsync(http, server, cancellationToken)).Token, configure: null, cancellationToken);
}
