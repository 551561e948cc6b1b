using System.Text.Json;
using System.Text.Json.Serialization;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Server.Tests.Realtime;

/// <summary>Every hub call is metered, connections per user are capped, and a connection ends with its session token.</summary>
public sealed class HubLimitsTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private TestHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await TestHost.StartAsync(_data.Path, settings: new Dictionary<string, string?>
    {
        ["RateLimits:PerUserPermitLimit"] = "5",
        ["RateLimits:PerTenantPermitLimit"] = "1000",
        ["RateLimits:Window"] = "01:00:00",
        ["RateLimits:ConnectionsPerUser"] = "2",
    });

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Profile_and_consent_calls_draw_on_the_users_budget_and_stop_writing_once_it_is_spent()
    {
        var session = await _host.CreateSessionAsync();
        await using var connection = await _host.ConnectAsync(session.Token);
        var outcomes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            try
            {
                await connection.InvokeAsync<bool>("SetConsent", i % 2 == 0, Cancel);
                outcomes.Add("ok");
            }
            catch (HubException error)
            {
                // SignalR puts its own words before the code.
                outcomes.Add(error.Message.Contains("rate_limited: ", StringComparison.Ordinal) ? ErrorCodes.RateLimited : error.Message);
            }
        }

        Assert.Equal(["ok", "ok", "ok", "ok", "ok", ErrorCodes.RateLimited, ErrorCodes.RateLimited, ErrorCodes.RateLimited], outcomes);
        var profile = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("UpdateProfile", new { currentRole = "Nurse" }, Cancel));
        Assert.Contains("rate_limited: ", profile.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);

        // The budget is the one REST calls draw on too.
        using var client = _host.AuthorizedClient(session.Token);
        using var rest = await client.GetAsync(new Uri("/api/me/consent", UriKind.Relative), Cancel);
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, rest.StatusCode);
    }

    [Fact]
    public async Task A_user_holds_at_most_the_configured_number_of_connections()
    {
        var session = await _host.CreateSessionAsync();
        await using var first = await _host.ConnectAsync(session.Token);
        await using var second = await _host.ConnectAsync(session.Token);

        var refusal = await ConnectionEndAsync(session.Token);
        Assert.Contains("too_many_connections: ", refusal, StringComparison.Ordinal);

        // Another user of the same tenant is not affected.
        await using var other = await _host.ConnectAsync((await _host.CreateSessionAsync()).Token);
        Assert.Equal(HubConnectionState.Connected, other.State);

        // A closed connection frees its place.
        await first.StopAsync(Cancel);
        await using var again = await ConnectWhenFreeAsync(session.Token);
        Assert.Equal(HubConnectionState.Connected, again.State);
    }

    [Fact]
    public async Task An_open_connection_is_closed_when_its_session_token_expires()
    {
        var session = await _host.CreateSessionAsync();
        var lifetime = TimeSpan.FromMinutes(1);
        // Issued so that it expires five seconds from now.
        var issuer = new SessionTokens(
            _host.Services.GetRequiredService<SigningKeyProvider>(),
            Options.Create(new SessionTokenOptions { SessionLifetime = lifetime }),
            new FakeTimeProvider(DateTimeOffset.UtcNow - lifetime + TimeSpan.FromSeconds(5)));
        var token = issuer.Issue(new UserKey(TenantId.Parse(session.TenantId), UserId.Parse(session.UserId))).Token;

        await using var connection = Build(token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await connection.StartAsync(Cancel);

        // The server closes it at expiry, without the client doing anything.
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(60), Cancel);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    /// <summary>How a connection attempt ends: the refusal the server closed it with.</summary>
    private async Task<string> ConnectionEndAsync(string token)
    {
        await using var connection = Build(token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync(Cancel);
        }
        catch (Exception error) when (error is HubException or InvalidOperationException)
        {
            return error.Message;
        }

        return (await closed.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel))?.Message ?? "closed without an error";
    }

    /// <summary>The server releases a connection's place when it has processed the close: connect once that has happened.</summary>
    private async Task<HubConnection> ConnectWhenFreeAsync(string token)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = Build(token);
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            await connection.StartAsync(Cancel);
            // A refused connection is closed right after the handshake; a kept one answers a call.
            var call = connection.InvokeAsync<string?>("GetActiveTurn", Cancel);
            if (await Task.WhenAny(call, closed.Task) == call && connection.State == HubConnectionState.Connected)
            {
                return connection;
            }

            await connection.DisposeAsync();
            Assert.True(attempt < 50, "the closed connection's place was never freed");
        }
    }

    private HubConnection Build(string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(_host.BaseAddress, "/hubs/coach"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
        .Build();
}
