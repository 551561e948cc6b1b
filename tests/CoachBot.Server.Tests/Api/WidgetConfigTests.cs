using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Api;

/// <summary>The public widget configuration and the widget appearance in tenant settings, on the real host.</summary>
public sealed class WidgetConfigTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private const string AnySite = "https://any-site.example";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_tenant_key_the_default_tenants_configuration_is_served_with_its_defaults_and_cacheable()
    {
        using var response = await fixture.Host.Http.GetAsync(new Uri("/api/widget/config", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
        using var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var root = config.RootElement;
        Assert.Equal(
            ("CoachBot", "CoachBot", "Chat with CoachBot", "#2563eb", "bottom-right", "auto"),
            (Text(root, "coachName"), Text(root, "title"), Text(root, "launcherLabel"), Text(root, "primaryColor"), Text(root, "position"), Text(root, "colorScheme")));
        Assert.Equal(JsonValueKind.String, root.GetProperty("greeting").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("avatarUrl").ValueKind);
    }

    [Fact]
    public async Task A_tenants_appearance_is_served_for_its_key_changes_apply_at_once_and_a_rotated_key_stops_at_once()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-config", Cancel);
        using var admin = fixture.KeyClient(tenant.AdminKey);
        await PutSettingsAsync(admin, "Ada", new { primaryColor = "#112233", position = "bottom-left", colorScheme = "dark", avatarUrl = "/avatars/ada.png" });

        var config = await GetConfigAsync(tenant.WidgetKey);
        Assert.Equal(
            new WidgetConfigResponse("Ada", "Hello from Ada", "Ada", "Chat with Ada", "#112233", "bottom-left", "dark", "/avatars/ada.png"),
            config);
        var shown = (await admin.GetFromJsonAsync<TenantResponse>("/api/tenant", TestHost.Json, Cancel))!;
        Assert.Equal(("#112233", "bottom-left", null), (shown.Settings.Widget.PrimaryColor, shown.Settings.Widget.Position, shown.Settings.Widget.Title));

        // The configuration was just cached; a settings change on this host drops it.
        await PutSettingsAsync(admin, "Ada", new { title = "Career desk", launcherLabel = "Ask Ada" });
        Assert.Equal(
            new WidgetConfigResponse("Ada", "Hello from Ada", "Career desk", "Ask Ada", "#2563eb", "bottom-right", "auto", null),
            await GetConfigAsync(tenant.WidgetKey));

        using var rotated = await admin.PostAsync(new Uri("/api/tenant/widget-key", UriKind.Relative), null, Cancel);
        var newKey = (await rotated.Content.ReadFromJsonAsync<WidgetKeyResponse>(TestHost.Json, Cancel))!.WidgetKey;
        await ProblemAssert.HasCodeAsync(await GetAsync("/api/widget/config?tenantKey=" + tenant.WidgetKey), HttpStatusCode.NotFound, "tenant_key_invalid");
        Assert.Equal("Career desk", (await GetConfigAsync(newKey)).Title);
    }

    [Theory]
    [InlineData("cbw_0000000000000000000000000000000000000000000000000")]
    [InlineData("not-a-widget-key")]
    [InlineData("cbk_admin_abc")]
    public async Task An_unknown_or_malformed_key_is_not_found_with_the_tenant_key_code(string key)
    {
        using var response = await GetAsync("/api/widget/config?tenantKey=" + Uri.EscapeDataString(key));

        Assert.NotEqual(true, response.Headers.CacheControl?.Public);
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.NotFound, "tenant_key_invalid");
    }

    [Fact]
    public async Task Any_origin_may_read_the_configuration_but_other_endpoints_keep_their_origin_rules()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-cors", Cancel);
        using var sessionResponse = await fixture.Host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = tenant.WidgetKey }, TestHost.Json, Cancel);
        var session = (await sessionResponse.Content.ReadFromJsonAsync<CoachBot.Server.Identity.IssuedSession>(TestHost.Json, Cancel))!;

        using (var read = await SendAsync(HttpMethod.Get, "/api/widget/config?tenantKey=" + tenant.WidgetKey, AnySite, session.Token))
        {
            // Signed in as a user whose tenant does not list this origin, and still readable: the data is public.
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("*", Assert.Single(read.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        using (var preflight = await PreflightAsync("/api/widget/config", AnySite, "GET"))
        {
            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            Assert.Equal("*", Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        using (var sessions = await PreflightAsync("/api/sessions", AnySite, "POST"))
        {
            Assert.False(sessions.Headers.Contains("Access-Control-Allow-Origin"));
        }

        await ProblemAssert.HasCodeAsync(await SendAsync(HttpMethod.Get, "/api/me/profile", AnySite, session.Token), HttpStatusCode.Forbidden, "origin_not_allowed");
        using var own = await SendAsync(HttpMethod.Get, "/api/me/profile", "https://www." + tenant.TenantId + ".example", session.Token);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Suggested_prompts_and_quick_replies_are_the_tenants_own_and_served_with_the_configuration()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-prompts", Cancel);
        using var admin = fixture.KeyClient(tenant.AdminKey);
        var before = await GetConfigAsync(tenant.WidgetKey);
        Assert.Empty(before.SuggestedPrompts);
        Assert.Empty(before.QuickReplies);

        await PutSettingsAsync(admin, "Ada", new { suggestedPrompts = new[] { " How do I move into management? ", "What should my CV say?" }, quickReplies = new[] { "Tell me more" } });
        var config = await GetConfigAsync(tenant.WidgetKey);
        Assert.Equal(["How do I move into management?", "What should my CV say?"], config.SuggestedPrompts);
        Assert.Equal(["Tell me more"], config.QuickReplies);

        object[] refused =
        [
            new { suggestedPrompts = Enumerable.Range(1, 7).Select(i => "Question " + i).ToArray() },
            new { quickReplies = new[] { "" } },
            new { quickReplies = new[] { new string('a', 121) } },
            new { suggestedPrompts = new[] { "Line\nbreak" } },
            new { quickReplies = new string?[] { null } },
        ];
        foreach (var widget in refused)
        {
            using var response = await admin.PutAsJsonAsync("/api/tenant", new { displayName = "Widget tenant", settings = new { widget } }, TestHost.Json, Cancel);
            await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, "settings_invalid");
        }

        // Nothing refused was stored.
        Assert.Equal(["Tell me more"], (await GetConfigAsync(tenant.WidgetKey)).QuickReplies);
    }

    [Fact]
    public async Task The_configuration_tells_a_page_whether_its_origin_may_use_the_chat()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-origin", Cancel);
        var path = "/api/widget/config?tenantKey=" + tenant.WidgetKey;

        async Task<bool?> OriginAllowedAsync(string? origin)
        {
            using var response = origin is null ? await GetAsync(path) : await SendAsync(HttpMethod.Get, path, origin, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Origin", response.Headers.Vary);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            return body.RootElement.TryGetProperty("originAllowed", out var allowed) ? allowed.GetBoolean() : null;
        }

        Assert.False(await OriginAllowedAsync(AnySite));
        Assert.True(await OriginAllowedAsync("https://www." + tenant.TenantId + ".example"));
        Assert.True(await OriginAllowedAsync(fixture.Host.BaseAddress.GetLeftPart(UriPartial.Authority)));
        Assert.False(await OriginAllowedAsync("null"));
        Assert.Null(await OriginAllowedAsync(null));
    }

    [Fact]
    public async Task Bad_widget_settings_are_refused_with_settings_invalid()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-bad", Cancel);
        using var admin = fixture.KeyClient(tenant.AdminKey);

        using var response = await admin.PutAsJsonAsync(
            "/api/tenant",
            new { displayName = "Bad", settings = new { widget = new { primaryColor = "red", avatarUrl = "javascript:alert(1)" } } },
            TestHost.Json,
            Cancel);

        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, "settings_invalid");
        Assert.Equal("#2563eb", (await GetConfigAsync(tenant.WidgetKey)).PrimaryColor);
    }

    [Fact]
    public async Task The_configuration_is_rate_limited_per_client_address_apart_from_sessions()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path, settings: new Dictionary<string, string?> { ["Auth:SessionsPerMinutePerClient"] = "2" });

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await host.Http.GetAsync(new Uri("/api/widget/config", UriKind.Relative), Cancel);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await host.Http.GetAsync(new Uri("/api/widget/config", UriKind.Relative), Cancel);
        Assert.NotNull(refused.Headers.RetryAfter);
        await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        await host.CreateSessionAsync();
    }

    [Fact]
    public async Task The_openapi_document_describes_the_widget_configuration_and_feedback()
    {
        using var document = JsonDocument.Parse(await fixture.Host.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Cancel));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal("GetWidgetConfig", paths.GetProperty("/api/widget/config").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("SubmitFeedback", paths.GetProperty("/api/me/turns/{turnId}/feedback").GetProperty("put").GetProperty("operationId").GetString());
    }

    private static async Task PutSettingsAsync(HttpClient admin, string coachName, object widget)
    {
        using var response = await admin.PutAsJsonAsync(
            "/api/tenant",
            new { displayName = "Widget tenant", settings = new { persona = new { coachName, tone = "calm", greeting = "Hello from " + coachName }, widget } },
            TestHost.Json,
            Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<WidgetConfigResponse> GetConfigAsync(string tenantKey)
    {
        using var response = await GetAsync("/api/widget/config?tenantKey=" + tenantKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WidgetConfigResponse>(TestHost.Json, Cancel))!;
    }

    private Task<HttpResponseMessage> GetAsync(string path) => fixture.Host.Http.GetAsync(new Uri(path, UriKind.Relative), Cancel);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string origin, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await fixture.Host.Http.SendAsync(request, Cancel);
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await fixture.Host.Http.SendAsync(request, Cancel);
    }

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();
}
