using System.Net.Http.Json;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Widget.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>A tenant's widget on a host page: verified identities, refused ones, and the tenant's appearance.</summary>
public sealed class WidgetIdentityTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A host page (served by the browser itself, on CoachBot's origin) that embeds the tenant's widget and runs a script.</summary>
    private async Task<WidgetDriver> HostPageAsync(string name, string tenantKey, string script, List<string>? requests = null)
    {
        var page = await browser.NewPageAsync();
        if (requests is not null)
        {
            page.Request += (_, request) => requests.Add(new Uri(request.Url).AbsolutePath);
        }

        var url = new Uri(fixture.Host.BaseAddress, "/" + name).ToString();
        var html = $$"""
            <!doctype html><html><head><title>{{name}}</title></head><body><h1>Member area</h1>
            <script src="/widget.js" data-tenant-key="{{tenantKey}}"></script>
            <script>window.__cbEvents = []; for (const e of ['ready', 'error', 'reply']) CoachBot.on(e, d => window.__cbEvents.push({ event: e, detail: d ?? null }));
            {{script}}</script></body></html>
            """;
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = html }));
        await page.GotoAsync(url);
        return new WidgetDriver(page);
    }

    [Fact]
    public async Task A_signed_user_id_opens_a_verified_session_and_a_tampered_one_is_refused()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-identity", Cancel);
        var hash = tenant.HashFor("u-42");

        var accepted = await HostPageAsync("member", tenant.WidgetKey, $"CoachBot.identify({{ userId: 'u-42', userHash: '{hash}' }}); CoachBot.open();");
        await accepted.ConnectedAsync();
        var ready = Assert.Single(await accepted.EventsAsync("ready"));
        Assert.Equal(("u-42", true, tenant.TenantId), (ready.GetProperty("userId").GetString(), ready.GetProperty("verified").GetBoolean(), ready.GetProperty("tenantId").GetString()));
        await accepted.AskAsync("What does a senior backend developer do?");
        await accepted.ReplyEndedAsync();
        await Expect(accepted.Error).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(accepted.Page, "identity-verified");
        await accepted.Page.Context.CloseAsync();

        var tampered = hash[..^1] + (hash[^1] == '0' ? '1' : '0');
        var requests = new List<string>();
        var refused = await HostPageAsync("member-tampered", tenant.WidgetKey, $"CoachBot.identify({{ userId: 'u-42', userHash: '{tampered}' }}); CoachBot.open();", requests);
        await Expect(refused.Error).ToBeVisibleAsync();
        await Expect(refused.Error).ToContainTextAsync("could not confirm who you are");
        var error = Assert.Single(await refused.EventsAsync("error"));
        Assert.Equal("identity_invalid", error.GetProperty("code").GetString());
        Assert.Null(await refused.SessionTokenAsync());
        Assert.DoesNotContain(requests, r => r.StartsWith("/hubs/", StringComparison.Ordinal));
        Assert.Empty(await refused.EventsAsync("ready"));
        await BrowserFixture.ScreenshotAsync(refused.Page, "identity-refused");
        await refused.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_tenant_appearance_comes_from_its_settings_and_init_options_override_it()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-theme", Cancel);
        using (var admin = fixture.KeyClient(tenant.AdminKey))
        {
            using var updated = await admin.PutAsJsonAsync("/api/tenant", new
            {
                displayName = "Acme",
                settings = new
                {
                    persona = new { coachName = "Ada", tone = "calm", greeting = "Hello from Acme careers!" },
                    allowedOrigins = new[] { "https://careers.acme.example" },
                    retentionDays = 90,
                    widget = new { primaryColor = "#b91c1c", position = "bottom-left", colorScheme = "dark", title = "Acme Careers", launcherLabel = "Ask Ada", avatarUrl = "/images/ada.png" },
                },
            }, TestHost.Json, Cancel);
            updated.EnsureSuccessStatusCode();
        }

        var requests = new List<string>();
        var widget = await HostPageAsync("themed", tenant.WidgetKey, "", requests);
        await widget.OpenAsync();
        await Expect(widget.Page.Locator("[data-cb=title]")).ToHaveTextAsync("Acme Careers");
        await Expect(widget.Page.Locator("[data-cb=welcome-greeting]")).ToHaveTextAsync("Hello from Acme careers!");
        await Expect(widget.Page.Locator("img[data-cb=avatar]")).ToHaveAttributeAsync("src", new Uri(fixture.Host.BaseAddress, "/images/ada.png").ToString());
        await Expect(widget.Launcher).ToHaveCSSAsync("background-color", "rgb(185, 28, 28)");
        await Expect(widget.Page.Locator(".cb-header")).ToHaveCSSAsync("background-color", "rgb(185, 28, 28)");
        await Expect(widget.Panel).ToHaveCSSAsync("background-color", "rgb(17, 24, 39)");
        var panel = (await widget.Panel.BoundingBoxAsync())!;
        Assert.True(panel.X < 100, $"the panel should sit on the left, at x = {panel.X}");
        await BrowserFixture.ScreenshotAsync(widget.Page, "themed-by-tenant");

        // The next page shows the tenant's launcher at once, from the configuration kept by the browser, without a request.
        requests.Clear();
        await widget.Page.Locator("[data-cb=close]").ClickAsync();
        await widget.Page.ReloadAsync();
        await Expect(widget.Launcher).ToContainTextAsync("Ask Ada");
        await Expect(widget.Launcher).ToHaveCSSAsync("background-color", "rgb(185, 28, 28)");
        Assert.DoesNotContain(requests, r => r.StartsWith("/api/", StringComparison.Ordinal));
        await widget.Page.Context.CloseAsync();

        var overridden = await HostPageAsync("overridden", tenant.WidgetKey, "CoachBot.init({ title: 'Career help', primaryColor: '#047857', colorScheme: 'light', position: 'bottom-right' }); CoachBot.open();");
        await overridden.ConnectedAsync();
        await Expect(overridden.Page.Locator("[data-cb=title]")).ToHaveTextAsync("Career help");
        await Expect(overridden.Page.Locator(".cb-header")).ToHaveCSSAsync("background-color", "rgb(4, 120, 87)");
        await Expect(overridden.Panel).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
        await overridden.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tenant_greeting_left_empty_shows_no_greeting_and_only_a_config_without_one_gets_the_default()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-greeting", Cancel);
        using (var admin = fixture.KeyClient(tenant.AdminKey))
        {
            using var updated = await admin.PutAsJsonAsync("/api/tenant", new
            {
                displayName = "Quiet",
                settings = new { persona = new { coachName = "Quinn", tone = "calm", greeting = "" }, retentionDays = 90 },
            }, TestHost.Json, Cancel);
            updated.EnsureSuccessStatusCode();
        }

        var quiet = await HostPageAsync("quiet", tenant.WidgetKey, "");
        await quiet.OpenAsync();
        await Expect(quiet.Page.Locator("[data-cb=title]")).ToHaveTextAsync("Quinn");
        await Expect(quiet.Page.Locator(".cb-suggestion").First).ToBeVisibleAsync();
        await Expect(quiet.Page.Locator("[data-cb=welcome-greeting]")).ToBeHiddenAsync();
        await Expect(quiet.Page.Locator("[data-cb=welcome-greeting]")).ToBeEmptyAsync();
        await Expect(quiet.Page.Locator("[data-cb=welcome-greeting]")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(quiet.Page, "greeting-empty");

        // The next page, with the configuration kept by the browser, shows no greeting either.
        await quiet.Page.ReloadAsync();
        await quiet.ConnectedAsync();
        await Expect(quiet.Page.Locator("[data-cb=welcome-greeting]")).ToBeHiddenAsync();
        await quiet.Page.Context.CloseAsync();

        // A configuration that says nothing about a greeting (an older CoachBot) gets the widget's own.
        var older = await HostPageAsync("older", tenant.WidgetKey, "");
        await older.Page.RouteAsync("**/api/widget/config**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/json",
            Body = """{ "coachName": "Quinn" }""",
        }));
        await older.OpenAsync();
        await Expect(older.Page.Locator("[data-cb=welcome-greeting]")).ToHaveTextAsync("Hi! Ask me anything about your career.");
        await Expect(older.Page.Locator("[data-cb=welcome-greeting]")).ToHaveTextAsync("Hi! Ask me anything about your career.");
        await older.Page.Context.CloseAsync();
    }
}
