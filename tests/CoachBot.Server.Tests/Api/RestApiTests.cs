using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoachBot.Coaching;
using CoachBot.Coaching.Retrieval;
using CoachBot.Conversations;
using CoachBot.Profiles;
using CoachBot.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Api;

/// <summary>The REST surface on the real host: sessions, the user's own data, health and the OpenAPI document.</summary>
public sealed class RestApiTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private TestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TestHost.StartAsync(_data.Path, settings: new Dictionary<string, string?> { ["Auth:SessionsPerMinutePerClient"] = "5" });

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_endpoints_report_live_and_ready_without_a_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync(new Uri("/health/live", UriKind.Relative), Cancel)).StatusCode);

        // Readiness includes the retrieval index, which builds in the background after start.
        await _host.Services.GetRequiredService<HybridRetriever>().WaitUntilReadyAsync(Cancel);
        var warmUps = _host.Services.GetRequiredService<WarmUpSchedule>();
        Assert.False(warmUps.ReadyReported);
        var ready = await _host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(warmUps.ReadyReported);
        Assert.Equal("no-store", ready.Headers.CacheControl?.ToString());
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var components = report.RootElement.GetProperty("components");
        Assert.Equal(["database", "orleans", "prompts", "retrieval"], components.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(components.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal(_host.Services.GetRequiredService<CoachBot.Storage.Relational.RelationalDatabase>().Dialect.Name, components.GetProperty("database").GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_rest_endpoints()
    {
        using var document = JsonDocument.Parse(await _host.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Cancel));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/sessions", out _));
        Assert.True(paths.TryGetProperty("/api/me/profile", out _));
        Assert.True(paths.TryGetProperty("/api/me/history", out _));
    }

    [Fact]
    public async Task A_session_gives_access_to_the_users_own_profile_and_renewal_keeps_the_user()
    {
        var session = await _host.CreateSessionAsync();
        using var client = _host.AuthorizedClient(session.Token);

        using var put = await client.PutAsJsonAsync("/api/me/profile", new ProfileUpdate { TargetRole = "QA Engineer", Goals = ["Automate regression tests"] }, TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var profile = await client.GetFromJsonAsync<CareerProfile>("/api/me/profile", TestHost.Json, Cancel);
        Assert.Equal("QA Engineer", profile!.TargetRole);

        using var renew = await client.PostAsync(new Uri("/api/sessions", UriKind.Relative), null, Cancel);
        var renewed = await renew.Content.ReadFromJsonAsync<Server.Identity.IssuedSession>(TestHost.Json, Cancel);
        Assert.Equal((session.TenantId, session.UserId), (renewed!.TenantId, renewed.UserId));

        var history = await client.GetFromJsonAsync<ConversationHistory>("/api/me/history", TestHost.Json, Cancel);
        Assert.Empty(history!.Messages);
    }

    [Theory]
    [InlineData("/api/me/profile", null, "unauthenticated")]
    [InlineData("/api/me/profile", "not.a.token", "token_invalid")]
    [InlineData("/api/me/history", "eyJhbGciOiJIUzI1NiJ9.e30.AAAA", "token_invalid")]
    public async Task Requests_without_a_valid_session_get_401_problem_details_with_a_code(string path, string? token, string code)
    {
        using var client = token is null ? new HttpClient { BaseAddress = _host.BaseAddress } : _host.AuthorizedClient(token);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Cancel);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, code);
    }

    [Fact]
    public async Task Malformed_json_and_invalid_values_get_400_problem_details_and_change_nothing()
    {
        var session = await _host.CreateSessionAsync();
        using var client = _host.AuthorizedClient(session.Token);
        await client.PutAsJsonAsync("/api/me/profile", new ProfileUpdate { TargetRole = "Data Engineer" }, TestHost.Json, Cancel);

        using var malformed = await client.PutAsync(new Uri("/api/me/profile", UriKind.Relative), new StringContent("{\"targetRole\": ", Encoding.UTF8, "application/json"), Cancel);
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, ErrorCodes.InvalidArgument);

        using var invalid = await client.PutAsJsonAsync("/api/me/profile", new ProfileUpdate { YearsOfExperience = 99 }, TestHost.Json, Cancel);
        await AssertProblemAsync(invalid, HttpStatusCode.BadRequest, ErrorCodes.ProfileInvalid);

        using var badLimit = await client.GetAsync(new Uri("/api/me/history?limit=0", UriKind.Relative), Cancel);
        await AssertProblemAsync(badLimit, HttpStatusCode.BadRequest, ErrorCodes.InvalidArgument);

        using var badBefore = await client.GetAsync(new Uri("/api/me/history?before=nope", UriKind.Relative), Cancel);
        await AssertProblemAsync(badBefore, HttpStatusCode.BadRequest, ErrorCodes.InvalidArgument);

        var profile = await client.GetFromJsonAsync<CareerProfile>("/api/me/profile", TestHost.Json, Cancel);
        Assert.Equal("Data Engineer", profile!.TargetRole);
    }

    [Fact]
    public async Task An_oversize_body_gets_413()
    {
        var session = await _host.CreateSessionAsync();
        using var client = _host.AuthorizedClient(session.Token);
        var huge = "{\"goals\":[\"" + new string('g', 300_000) + "\"]}";

        using var response = await client.PutAsync(new Uri("/api/me/profile", UriKind.Relative), new StringContent(huge, Encoding.UTF8, "application/json"), Cancel);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Creating_sessions_too_fast_gets_429_with_retry_after()
    {
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await _host.Http.PostAsync(new Uri("/api/sessions", UriKind.Relative), null, Cancel);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        Assert.NotNull(limited.Headers.RetryAfter);
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
        Assert.Equal((int)status, body.RootElement.GetProperty("status").GetInt32());
    }
}
