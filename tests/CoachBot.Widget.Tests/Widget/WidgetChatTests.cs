using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>The widget on the demo page of a real host, in headless Chromium: loading, chatting, sources, feedback, history.</summary>
public sealed class WidgetChatTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private Uri Server => fixture.Host.BaseAddress;

    [Fact]
    public async Task The_demo_page_loads_only_the_small_launcher_until_the_widget_is_opened()
    {
        using var http = new HttpClient { BaseAddress = Server };
        var loader = await http.GetByteArrayAsync(new Uri("/widget.js", UriKind.Relative), TestContext.Current.CancellationToken);
        using var zipped = new MemoryStream();
        await using (var gzip = new GZipStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(loader, TestContext.Current.CancellationToken);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"widget.js: {loader.Length} bytes, {zipped.Length} gzip");
        Assert.InRange(loader.Length, 1, 16 * 1024);
        Assert.InRange(zipped.Length, 1, 6 * 1024);

        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(new Uri(request.Url).AbsolutePath);
        // The page's Content-Security-Policy must let the launcher, the app, its styles and the hub all work.
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add(message.Text);
            }
        };
        await page.GotoAsync(Server.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        var widget = new WidgetDriver(page);
        await Expect(widget.Launcher).ToBeVisibleAsync();
        await Expect(widget.Launcher).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(widget.Panel).ToHaveCountAsync(0);
        Assert.Equal(["/", "/widget.js"], requests.Distinct().Where(p => p != "/favicon.ico"));
        await BrowserFixture.ScreenshotAsync(page, "demo-closed");

        await widget.OpenAsync();
        await Expect(widget.Input).ToBeFocusedAsync();
        await Expect(widget.Launcher).ToHaveAttributeAsync("aria-expanded", "true");
        Assert.Contains("/widget/app.js", requests);
        Assert.Contains("/api/sessions", requests);
        Assert.Contains(requests, r => r.StartsWith("/hubs/coach", StringComparison.Ordinal));
        await Expect(page.Locator("[data-cb=title]")).ToHaveTextAsync("CoachBot");
        // The default tenant starts with the configured persona's greeting.
        await Expect(page.Locator("[data-cb=welcome-greeting]")).ToHaveTextAsync(new CoachBot.Coaching.PersonaOptions().Greeting);
        await BrowserFixture.ScreenshotAsync(page, "demo-open");
        Assert.Empty(blocked);

        await page.Keyboard.PressAsync("Escape");
        await Expect(widget.Panel).ToBeHiddenAsync();
        await Expect(widget.Launcher).ToBeFocusedAsync();
        await Expect(widget.Launcher).ToHaveAttributeAsync("aria-expanded", "false");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reply_streams_with_sources_takes_feedback_and_comes_back_after_a_reload()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Server.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        await widget.RecordEventsAsync();

        // Every DOM change of the conversation is sampled in the page: the reply's visible length, its status and the thinking indicator.
        await page.EvaluateAsync("""
            () => {
              const root = document.querySelector('coachbot-widget').shadowRoot;
              window.__samples = [];
              new MutationObserver(() => {
                const replies = root.querySelectorAll('[data-cb=message][data-role=assistant]');
                const reply = replies[replies.length - 1];
                if (!reply) return;
                window.__samples.push({ length: reply.querySelector('[data-cb=message-text]').textContent.length, status: reply.dataset.status, thinking: !!reply.querySelector('[data-cb=thinking]') });
              }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
            }
            """);
        await widget.AskAsync("How do I become a senior backend developer in the USA?");
        var reply = await widget.ReplyEndedAsync();

        var samples = (await page.EvaluateAsync<JsonElement>("() => window.__samples")).EnumerateArray()
            .Select(s => (Length: s.GetProperty("length").GetInt32(), Status: s.GetProperty("status").GetString(), Thinking: s.GetProperty("thinking").GetBoolean())).ToList();
        Assert.Contains(samples, s => s is { Thinking: true, Length: 0, Status: "streaming" });
        var streamingLengths = samples.Where(s => s.Status == "streaming" && s.Length > 0).Select(s => s.Length).Distinct().ToList();
        Assert.True(streamingLengths.Count >= 3, $"the reply should appear in several steps while streaming, saw lengths {string.Join(", ", streamingLengths)}");
        Assert.Equal(streamingLengths.Order(), streamingLengths);
        await Expect(reply.Locator("[data-cb=thinking]")).ToHaveCountAsync(0);

        // Sources: chips that expand to their details.
        var chip = reply.Locator("button[data-cb=citation]").First;
        await Expect(chip).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(reply.Locator("[data-cb=citation-detail]").First).ToBeHiddenAsync();
        await Expect(chip).ToContainTextAsync("Backend Developer · ");
        await chip.ClickAsync();
        await Expect(chip).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(reply.Locator("[data-cb=citation-detail]").First).ToBeVisibleAsync();
        await Expect(reply.Locator("[data-cb=citation-detail]").First).ToContainTextAsync("Content version");
        var passage = reply.Locator("[data-cb=citation-detail]").First.Locator("[data-cb=citation-passage]");
        await Expect(passage).ToBeVisibleAsync();
        Assert.True((await passage.InnerTextAsync()).Trim().Length >= 40, "the chip shows the cited passage's text");

        // Feedback: a thumb, then a comment.
        await reply.Locator("[data-cb=feedback-up]").ClickAsync();
        await Expect(reply.Locator("[data-cb=feedback-up]")).ToHaveAttributeAsync("aria-pressed", "true");
        await reply.Locator("[data-cb=feedback-comment]").FillAsync("Clear and specific, thanks");
        await reply.Locator("[data-cb=feedback-submit]").ClickAsync();
        await Expect(reply.Locator("[data-cb=feedback-thanks]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "reply-with-sources-and-feedback");

        var turnId = await reply.GetAttributeAsync("data-turn-id");
        var stored = await widget.StoredReplyAsync(Server);
        Assert.Equal(turnId, stored.GetProperty("turnId").GetString());
        Assert.Equal("up", stored.GetProperty("feedback").GetProperty("rating").GetString());
        Assert.Equal("Clear and specific, thanks", stored.GetProperty("feedback").GetProperty("comment").GetString());
        var replyEvent = Assert.Single(await widget.EventsAsync("reply"));
        Assert.Equal(stored.GetProperty("text").GetString(), replyEvent.GetProperty("text").GetString());
        var shown = await reply.Locator("[data-cb=message-text]").TextContentAsync();

        // A reload restores the open panel, the conversation, its sources and the feedback given.
        await page.ReloadAsync();
        await widget.ConnectedAsync();
        await Expect(widget.Messages).ToHaveCountAsync(2);
        var restored = widget.Assistant.Last;
        await Expect(restored).ToHaveAttributeAsync("data-status", "completed");
        await Expect(restored).ToHaveAttributeAsync("data-turn-id", turnId!);
        await Expect(restored.Locator("[data-cb=message-text]")).ToHaveTextAsync(shown!);
        await Expect(restored.Locator("[data-cb=feedback-up]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(restored.Locator("[data-cb=feedback-down]")).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(restored.Locator("button[data-cb=citation]")).ToHaveCountAsync(await reply.Locator("button[data-cb=citation]").CountAsync());
        await Expect(widget.Messages.First).ToHaveAttributeAsync("data-role", "user");
        await BrowserFixture.ScreenshotAsync(page, "history-after-reload");

        // A new conversation starts empty, here and on the server.
        await page.Locator("[data-cb=new-conversation]").ClickAsync();
        await Expect(widget.Messages).ToHaveCountAsync(0);
        await Expect(page.Locator(".cb-suggestion").First).ToBeVisibleAsync();
        Assert.Empty((await widget.ServerHistoryAsync(Server)).GetProperty("messages").EnumerateArray());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task When_CoachBot_cannot_be_reached_the_widget_says_so_and_Retry_connects()
    {
        var page = await browser.NewPageAsync();
        await page.RouteAsync("**/api/sessions", route => route.AbortAsync());
        await page.GotoAsync(Server.ToString());
        var widget = new WidgetDriver(page);
        await widget.Launcher.ClickAsync();
        await Expect(widget.Connection).ToHaveAttributeAsync("data-state", "disconnected");
        await Expect(widget.Connection).ToBeVisibleAsync();
        await Expect(widget.Error).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "offline");

        await page.UnrouteAsync("**/api/sessions");
        await page.Locator("[data-cb=retry]").ClickAsync();
        await widget.ConnectedAsync();
        await Expect(widget.Error).ToBeHiddenAsync();
        await Expect(widget.Connection).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_profile_panel_shows_corrects_and_follows_the_profile()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Server.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();

        await page.Locator("[data-cb=profile-open]").ClickAsync();
        await Expect(page.Locator("[data-cb=profile]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-cb=profile-open]")).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Locator("[data-cb=profile-target-role]").FillAsync("Data Engineer");
        await page.Locator("[data-cb=profile-level]").FillAsync("Mid-level");
        await page.Locator("[data-cb=profile-years]").FillAsync("4");
        await page.Locator("[data-cb=profile-skills]").FillAsync("SQL, Python,  Airflow ");
        await page.Locator("[data-cb=profile-goals]").FillAsync("Lead a data platform team\nLearn streaming");
        await page.Locator("[data-cb=profile-save]").ClickAsync();
        await Expect(page.Locator("[data-cb=profile-saved]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "profile-saved");

        var token = await widget.SessionTokenAsync();
        using var api = fixture.Host.AuthorizedClient(token!);
        var profile = await api.GetFromJsonAsync<JsonElement>("/api/me/profile", TestContext.Current.CancellationToken);
        Assert.Equal("Data Engineer", profile.GetProperty("targetRole").GetString());
        Assert.Equal("Mid-level", profile.GetProperty("level").GetString());
        Assert.Equal(4m, profile.GetProperty("yearsOfExperience").GetDecimal());
        Assert.Equal(["SQL", "Python", "Airflow"], profile.GetProperty("skills").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["Lead a data platform team", "Learn streaming"], profile.GetProperty("goals").EnumerateArray().Select(g => g.GetString()));

        // A change made on another connection of the same user is pushed to the open panel.
        await using var other = await fixture.Host.ConnectAsync(token!);
        await other.InvokeAsync<JsonElement>("UpdateProfile", new { level = "Senior" }, TestContext.Current.CancellationToken);
        await Expect(page.Locator("[data-cb=profile-level]")).ToHaveValueAsync("Senior");
        await Expect(page.Locator("[data-cb=profile-target-role]")).ToHaveValueAsync("Data Engineer");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Hostile_host_page_css_changes_nothing_in_the_widget()
    {
        const string Clean = "<!doctype html><html><head><title>clean</title></head><body><p>Host page</p><script src=\"/widget.js\"></script></body></html>";
        const string Hostile = """
            <!doctype html><html><head><title>hostile</title><style>
            * { all: unset; color: red !important; font-size: 40px !important; font-family: cursive !important; line-height: 3 !important; }
            button { display: none !important; } html { font-size: 31px !important; }
            coachbot-widget { display: none !important; transform: scale(2) !important; position: absolute !important; }
            div, textarea, header { padding: 30px !important; margin: 17px !important; background: yellow !important; }
            </style></head><body><p>Host page</p><script src="/widget.js"></script></body></html>
            """;
        var clean = await MeasureAsync("clean-host", Clean);
        var hostile = await MeasureAsync("hostile-host", Hostile);
        Assert.NotEmpty(clean);
        Assert.Equal(clean, hostile);
    }

    /// <summary>Bounding boxes and computed styles of the launcher and the open panel's parts on a page with the given HTML.</summary>
    private async Task<List<string>> MeasureAsync(string name, string html)
    {
        // Reduced motion: the panel appears without its opening animation, so it is measured at rest.
        var page = await browser.NewPageAsync(reducedMotion: true);
        await page.RouteAsync(new Uri(Server, "/" + name).ToString(), route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = html }));
        await page.GotoAsync(new Uri(Server, "/" + name).ToString());
        var widget = new WidgetDriver(page);
        await Expect(widget.Launcher).ToBeVisibleAsync();
        var measures = new List<string> { await DescribeAsync(widget.Launcher) };
        await widget.OpenAsync();
        foreach (var part in new[] { "[data-cb=panel]", "[data-cb=title]", "textarea[data-cb=input]", "button[data-cb=send]", "[data-cb=messages]", "[data-cb=profile-open]" })
        {
            measures.Add(part + " " + await DescribeAsync(page.Locator(part)));
        }

        await BrowserFixture.ScreenshotAsync(page, name);
        await page.Context.CloseAsync();
        return measures;
    }

    private static async Task<string> DescribeAsync(ILocator locator)
    {
        var box = await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("not rendered");
        var style = await locator.EvaluateAsync<string>(
            "e => { const s = getComputedStyle(e); return [s.display, s.color, s.backgroundColor, s.fontSize, s.fontFamily, s.lineHeight, s.padding, s.margin, s.visibility].join(' | '); }");
        return $"{box.X:0.#},{box.Y:0.#} {box.Width:0.#}x{box.Height:0.#} {style}";
    }

    [Fact]
    public async Task On_a_phone_the_panel_fills_the_screen_and_the_input_is_reachable()
    {
        var page = await browser.NewPageAsync(375, 667);
        await page.GotoAsync(Server.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        // The panel slides in as it opens; its place is measured once that animation has ended.
        await widget.Panel.EvaluateAsync("e => Promise.all(e.getAnimations().map(a => a.finished))");

        var panel = (await widget.Panel.BoundingBoxAsync())!;
        Assert.Equal((0f, 0f, 375f, 667f), (panel.X, panel.Y, panel.Width, panel.Height));
        var input = (await widget.Input.BoundingBoxAsync())!;
        Assert.True(input.Y >= 0 && input.Y + input.Height <= 667 && input.X >= 0 && input.X + input.Width <= 375, $"input at {input.X},{input.Y} {input.Width}x{input.Height}");
        await widget.AskAsync("What does a junior QA engineer do?");
        await widget.ReplyEndedAsync();
        await Expect(page.Locator("[data-cb=close]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "phone");
        await page.Locator("[data-cb=close]").ClickAsync();
        await Expect(widget.Panel).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_iframe_page_shows_the_whole_widget_and_may_be_framed_by_its_own_origin()
    {
        using var http = new HttpClient { BaseAddress = Server };
        using var direct = await http.GetAsync(new Uri("/widget/frame", UriKind.Relative), TestContext.Current.CancellationToken);
        var policy = direct.Headers.GetValues("Content-Security-Policy").Single();
        Assert.EndsWith("; frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        using var unknown = await http.GetAsync(new Uri("/widget/frame?tenantKey=cbw_unknown", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);

        var page = await browser.NewPageAsync();
        var host = new Uri(Server, "/framing-host").ToString();
        await page.RouteAsync(host, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!doctype html><html><body><iframe title=\"Career coach\" src=\"/widget/frame\" style=\"width:400px;height:600px;border:0\"></iframe></body></html>",
        }));
        await page.GotoAsync(host);
        var frame = page.FrameLocator("iframe");
        await Expect(frame.Locator("[data-cb=panel]")).ToBeVisibleAsync();
        await Expect(frame.Locator("[data-cb=connection]")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(frame.Locator("[data-cb=launcher]")).ToBeHiddenAsync();
        await frame.Locator("textarea[data-cb=input]").FillAsync("What skills does a frontend developer need?");
        await frame.Locator("textarea[data-cb=input]").PressAsync("Enter");
        await Expect(frame.Locator("[data-cb=message][data-role=assistant]").Last).ToHaveAttributeAsync("data-status", "completed");
        await BrowserFixture.ScreenshotAsync(page, "iframe");
        await page.Context.CloseAsync();
    }
}
