using System.Net;
using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Limits;

/// <summary>Per-user and per-tenant rate limits on the real host (every anonymous session is in the default tenant).</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private TestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TestHost.StartAsync(_data.Path, settings: new Dictionary<string, string?>
    {
        ["RateLimits:PerUserPermitLimit"] = "3",
        ["RateLimits:PerTenantPermitLimit"] = "10",
        ["RateLimits:Window"] = "01:00:00",
    });

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_over_the_limit_is_refused_while_another_user_of_the_tenant_gets_through()
    {
        using var alice = _host.AuthorizedClient((await _host.CreateSessionAsync()).Token);
        using var bob = _host.AuthorizedClient((await _host.CreateSessionAsync()).Token);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel)).StatusCode);
        }

        using var refused = await alice.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = (await refused.Content.ReadFromJsonAsync<ProblemDetails>(TestHost.Json, Cancel))!;
        Assert.Equal(ErrorCodes.RateLimited, problem.Extensions["code"]?.ToString());

        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task Hub_message_sends_share_the_users_budget_and_are_refused_with_rate_limited()
    {
        var session = await _host.CreateSessionAsync();
        using var client = _host.AuthorizedClient(session.Token);
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel)).EnsureSuccessStatusCode();
        }

        await using var connection = await _host.ConnectAsync(session.Token);
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "One more?", Cancel))
            {
                Assert.Fail("no reply was expected, got " + chunk.Delta);
            }
        });
        Assert.Contains("rate_limited: ", error.Message, StringComparison.Ordinal);
        Assert.Matches("retry after [0-9]+ s", error.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task Hub_feedback_submissions_share_the_users_budget()
    {
        var session = await _host.CreateSessionAsync();
        await using var connection = await _host.ConnectAsync(session.Token);
        var unknownTurn = Guid.NewGuid().ToString();

        // Within the budget the call reaches the grain (which finds no such turn); beyond it, it is refused first.
        var notFound = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("SubmitFeedback", unknownTurn, new { rating = "up" }, Cancel));
        Assert.Contains("turn_not_found: ", notFound.Message, StringComparison.Ordinal);
        using var client = _host.AuthorizedClient(session.Token);
        for (var i = 0; i < 2; i++)
        {
            (await client.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel)).EnsureSuccessStatusCode();
        }

        var limited = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<object>("SubmitFeedback", unknownTurn, new { rating = "up" }, Cancel));
        Assert.Contains("rate_limited: ", limited.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task The_tenant_limit_caps_all_its_users_together()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var user = _host.AuthorizedClient((await _host.CreateSessionAsync()).Token);
            statuses.Add((await user.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel)).StatusCode);
            statuses.Add((await user.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel)).StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
