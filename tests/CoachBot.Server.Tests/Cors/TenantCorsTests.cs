using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Server.Tests.Cors;

/// <summary>CORS from the tenants' allowed origins, and the per-tenant origin check of signed-in requests.</summary>
public sealed class TenantCorsTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>, IAsyncLifetime
{
    private const string WidgetOrigin = "https://widget.default.example";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string OtherTenant => "cors-other";

    /// <summary>The default tenant (of anonymous sessions) allows the widget origin; another tenant allows its own.</summary>
    public async ValueTask InitializeAsync()
    {
        using var operatorClient = fixture.KeyClient(fixture.OperatorKey);
        using var key = await operatorClient.PostAsync(new Uri("/api/admin/tenants/default/keys", UriKind.Relative), null, Cancel);
        var admin = (await key.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(TestHost.Json, Cancel))!;
        using var adminClient = fixture.KeyClient(admin.Key);
        using var put = await adminClient.PutAsJsonAsync("/api/tenant", new UpdateTenantRequest("Default", new TenantSettingsInput { AllowedOrigins = [WidgetOrigin] }), TestHost.Json, Cancel);
        put.EnsureSuccessStatusCode();
        using var list = await operatorClient.GetAsync(new Uri("/api/admin/tenants", UriKind.Relative), Cancel);
        if (!(await list.Content.ReadAsStringAsync(Cancel)).Contains(OtherTenant, StringComparison.Ordinal))
        {
            await fixture.CreateTenantWithAdminKeyAsync(OtherTenant, "sk-other", Cancel);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_and_one_from_an_unknown_origin_is_not()
    {
        using var allowed = await PreflightAsync(WidgetOrigin);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(WidgetOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));

        using var unknown = await PreflightAsync("https://evil.example");
        Assert.False(unknown.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_signed_in_request_must_come_from_an_origin_of_the_users_own_tenant()
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var client = fixture.Host.AuthorizedClient(session.Token);

        using var own = await GetProfileAsync(client, WidgetOrigin);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(WidgetOrigin, Assert.Single(own.Headers.GetValues("Access-Control-Allow-Origin")));

        // Allowed by another tenant, so it passes CORS, but it is not this user's tenant's page.
        using var foreign = await GetProfileAsync(client, $"https://www.{OtherTenant}.example");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var problem = (await foreign.Content.ReadFromJsonAsync<ProblemDetails>(TestHost.Json, Cancel))!;
        Assert.Equal(ErrorCodes.OriginNotAllowed, problem.Extensions["code"]?.ToString());

        using var noOrigin = await GetProfileAsync(client, null);
        Assert.Equal(HttpStatusCode.OK, noOrigin.StatusCode);
    }

    [Fact]
    public async Task A_session_is_started_or_renewed_only_from_a_page_the_tenant_allows()
    {
        using var allowed = await PostSessionAsync(WidgetOrigin, bearer: null);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var session = (await allowed.Content.ReadFromJsonAsync<JsonElement>(TestHost.Json, Cancel)).GetProperty("token").GetString()!;

        using var ownPage = await PostSessionAsync(fixture.Host.BaseAddress.GetLeftPart(UriPartial.Authority), bearer: null);
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);

        // Another tenant's page may not start a session of this tenant, nor renew one.
        foreach (var bearer in new string?[] { null, session })
        {
            using var foreign = await PostSessionAsync($"https://www.{OtherTenant}.example", bearer);
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            var problem = (await foreign.Content.ReadFromJsonAsync<ProblemDetails>(TestHost.Json, Cancel))!;
            Assert.Equal(ErrorCodes.OriginNotAllowed, problem.Extensions["code"]?.ToString());
            Assert.DoesNotContain("token", await foreign.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_opaque_origin_null_of_sandboxed_frames_and_file_pages_is_never_allowed()
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var client = fixture.Host.AuthorizedClient(session.Token);

        await ProblemAssert.HasCodeAsync(await GetProfileAsync(client, "null"), HttpStatusCode.Forbidden, ErrorCodes.OriginNotAllowed);
        await ProblemAssert.HasCodeAsync(await PostSessionAsync("null", bearer: null), HttpStatusCode.Forbidden, ErrorCodes.OriginNotAllowed);
        await ProblemAssert.HasCodeAsync(await PostSessionAsync("null", bearer: session.Token), HttpStatusCode.Forbidden, ErrorCodes.OriginNotAllowed);

        using var preflight = await PreflightAsync("null");
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));

        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/coach/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", "null");
        negotiate.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.Token);
        await ProblemAssert.HasCodeAsync(await fixture.Host.Http.SendAsync(negotiate, Cancel), HttpStatusCode.Forbidden, ErrorCodes.OriginNotAllowed);
    }

    private async Task<HttpResponseMessage> PostSessionAsync(string origin, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions");
        request.Headers.Add("Origin", origin);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return await fixture.Host.Http.SendAsync(request, Cancel);
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/me/profile");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return await fixture.Host.Http.SendAsync(request, Cancel);
    }

    private static async Task<HttpResponseMessage> GetProfileAsync(HttpClient client, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/profile");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await client.SendAsync(request, Cancel);
    }
}
