using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Widget.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>What people used to chat widgets expect: send state, counter, times, copy, transcript, unread badge, new-messages, Markdown while streaming.</summary>
public sealed class WidgetFeatureTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private Uri Server => fixture.Host.BaseAddress;

    [Fact]
    public async Task Send_waits_for_text_a_counter_warns_near_the_limit_and_replies_carry_a_time_copy_and_a_transcript()
    {
        var page = await browser.NewPageAsync(reducedMotion: true);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Server.GetLeftPart(UriPartial.Authority) });
        await page.GotoAsync(Server.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        var send = page.Locator("[data-cb=send]");
        var counter = page.Locator("[data-cb=counter]");

        await Expect(send).ToBeDisabledAsync();
        await widget.Input.FillAsync("   ");
        await Expect(send).ToBeDisabledAsync();
        await widget.Input.FillAsync(new string('a', 3600));
        await Expect(send).ToBeEnabledAsync();
        await Expect(counter).ToHaveTextAsync("400 characters left");
        await widget.Input.FillAsync(new string('a', 3950));
        await Expect(counter).ToHaveAttributeAsync("data-low", "true");
        await BrowserFixture.ScreenshotAsync(page, "counter-near-limit");
        await widget.Input.FillAsync("");
        await Expect(counter).ToBeHiddenAsync();

        await widget.AskAsync("What is the career path of a backend developer?");
        var reply = await widget.ReplyEndedAsync();
        await Expect(widget.Input).ToHaveValueAsync("");
        await Expect(send).ToBeDisabledAsync();
        foreach (var message in await widget.Messages.AllAsync())
        {
            var at = await message.Locator("time[data-cb=time]").GetAttributeAsync("datetime");
            Assert.True(DateTimeOffset.TryParse(at, out var when) && Math.Abs((DateTimeOffset.UtcNow - when).TotalMinutes) < 5, "time " + at);
        }

        var stored = (await widget.StoredReplyAsync(Server)).GetProperty("text").GetString();
        await reply.Locator("[data-cb=copy]").ClickAsync();
        await Expect(reply.Locator("[data-cb=copy]")).ToHaveAttributeAsync("data-copied", "true");
        Assert.Equal(stored, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await page.Locator("[data-cb=conversations-open]").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-cb=download]").ClickAsync());
        Assert.EndsWith(".txt", download.SuggestedFilename, StringComparison.Ordinal);
        var transcript = await File.ReadAllTextAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Contains("You:\nWhat is the career path of a backend developer?", transcript, StringComparison.Ordinal);
        Assert.Contains(stored!, transcript, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Bold_text_never_shows_raw_markers_while_it_streams()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Server.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        // Every text the reply shows while it streams, recorded at each change of the DOM.
        await page.EvaluateAsync("""
            () => {
              window.__cbSeen = [];
              const log = document.querySelector('coachbot-widget').shadowRoot.querySelector('[data-cb=messages]');
              new MutationObserver(() => log.querySelectorAll('[data-cb=message][data-role=assistant] [data-cb=message-text]').forEach(t => window.__cbSeen.push(t.textContent))).observe(log, { subtree: true, childList: true, characterData: true });
            }
            """);
        await widget.AskAsync("What is the career path of a backend developer?");
        await widget.ReplyEndedAsync();
        var stored = (await widget.StoredReplyAsync(Server)).GetProperty("text").GetString()!;
        Assert.Contains("**", stored, StringComparison.Ordinal);
        var seen = (await page.EvaluateAsync<JsonElement>("() => window.__cbSeen")).EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.True(seen.Count > 3, $"only {seen.Count} renders recorded");
        Assert.DoesNotContain(seen, text => text.Contains("**", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reply_that_lands_while_closed_badges_the_launcher_and_new_text_below_offers_a_jump()
    {
        using var data = new TempFolder();
        var (host, gated) = await GatedHost.StartAsync(data.Path, chunksBeforeGate: 2);
        await using var _ = host;
        var widget = await WidgetDriver.OpenOnDemoPageAsync(browser, host.BaseAddress, 1280, 560);
        var page = widget.Page;

        await widget.AskAsync("What is the career path of a backend developer?");
        await gated.Reached.Task.WaitAsync(GatedHost.Bound, TestContext.Current.CancellationToken);
        await page.Keyboard.PressAsync("Escape");
        await Expect(widget.Panel).ToBeHiddenAsync();
        gated.Release.SetResult();
        await widget.ReplyEndedAsync();
        var badge = widget.Launcher.Locator("[data-cb=unread]");
        await Expect(badge).ToHaveTextAsync("1");
        await Expect(widget.Launcher).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@"\(1 new\)$"));
        await BrowserFixture.ScreenshotAsync(page, "unread-badge");
        await widget.Launcher.ClickAsync();
        await Expect(widget.Panel).ToBeVisibleAsync();
        await Expect(badge).ToHaveCountAsync(0);

        // The visitor scrolls up to read while the next reply streams in below.
        var jump = page.Locator("[data-cb=new-messages]");
        await Expect(jump).ToBeHiddenAsync();
        await page.EvaluateAsync("""
            () => {
              const root = document.querySelector('coachbot-widget').shadowRoot;
              const input = root.querySelector('[data-cb=input]');
              input.value = 'Which skills should a senior backend developer learn?';
              input.dispatchEvent(new Event('input'));
              input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
              root.querySelector('[data-cb=messages]').scrollTop = 0;
            }
            """);
        await Expect(jump).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "new-messages");
        await widget.ReplyEndedAsync();
        await jump.ClickAsync();
        await Expect(jump).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => { const m = document.querySelector('coachbot-widget').shadowRoot.querySelector('[data-cb=messages]'); return m.scrollHeight - m.scrollTop - m.clientHeight < 2; }"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tenants_suggested_prompts_open_the_conversation_and_its_quick_replies_follow_each_answer()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "widget-prompts", TestContext.Current.CancellationToken);
        using (var admin = fixture.KeyClient(tenant.AdminKey))
        {
            using var updated = await admin.PutAsJsonAsync("/api/tenant", new
            {
                displayName = "Acme",
                settings = new
                {
                    persona = new { coachName = "Ada", tone = "calm", greeting = "Hello from Acme!" },
                    widget = new { suggestedPrompts = new[] { "What does a senior QA engineer do?", "How do I prepare for a data engineer interview?" }, quickReplies = new[] { "Which skills should I learn next?" } },
                },
            }, TestHost.Json, TestContext.Current.CancellationToken);
            updated.EnsureSuccessStatusCode();
        }

        var page = await browser.NewPageAsync(reducedMotion: true);
        var url = new Uri(Server, "/prompts").ToString();
        var html = $"""<!doctype html><html lang="en"><head><title>Acme</title></head><body><script src="/widget.js" data-tenant-key="{tenant.WidgetKey}"></script></body></html>""";
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = html }));
        await page.GotoAsync(url);
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();

        var suggestions = page.Locator("[data-cb=suggestion]");
        await Expect(suggestions).ToHaveTextAsync(["What does a senior QA engineer do?", "How do I prepare for a data engineer interview?"]);
        await suggestions.First.ClickAsync();
        await widget.ReplyEndedAsync();
        await Expect(widget.Messages.First.Locator("[data-cb=message-text]")).ToHaveTextAsync("What does a senior QA engineer do?");
        var quick = page.Locator("[data-cb=quick-reply]");
        await Expect(quick).ToHaveTextAsync(["Which skills should I learn next?"]);
        await AxeScript.InjectAsync(page);
        await AxeScript.AssertNoViolationsAsync(page, "quick replies");
        await BrowserFixture.ScreenshotAsync(page, "quick-replies");

        await quick.ClickAsync();
        await Expect(quick).ToHaveCountAsync(0);
        await Expect(widget.Messages).ToHaveCountAsync(4);
        await Expect(widget.Messages.Nth(2).Locator("[data-cb=message-text]")).ToHaveTextAsync("Which skills should I learn next?");
        await widget.ReplyEndedAsync();
        await Expect(quick).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Earlier_conversations_are_listed_and_read_again_without_leaving_the_current_one()
    {
        var widget = await WidgetDriver.OpenOnDemoPageAsync(browser, Server);
        var page = widget.Page;
        await widget.AskAsync("How do I grow from junior to mid-level data engineer?");
        await widget.ReplyEndedAsync();
        await page.Locator("[data-cb=new-conversation]").ClickAsync();
        await Expect(widget.Messages).ToHaveCountAsync(0);
        await widget.AskAsync("What should a senior QA engineer learn?");
        await widget.ReplyEndedAsync();

        var open = page.Locator("[data-cb=conversations-open]");
        await open.ClickAsync();
        await Expect(open).ToHaveAttributeAsync("aria-expanded", "true");
        var conversation = page.Locator("[data-cb=conversation]");
        await Expect(conversation).ToHaveCountAsync(1);
        await Expect(conversation).ToContainTextAsync("How do I grow from junior to mid-level data engineer?");
        await conversation.ClickAsync();
        var reader = page.Locator("[data-cb=conversation-reader]");
        await Expect(reader.Locator("[data-cb=message]")).ToHaveCountAsync(2);
        await Expect(reader.Locator("[data-cb=message][data-role=user] [data-cb=message-text]")).ToHaveTextAsync("How do I grow from junior to mid-level data engineer?");
        await Expect(reader.Locator("[data-cb=feedback-up]")).ToHaveCountAsync(0);
        await AxeScript.InjectAsync(page);
        await AxeScript.AssertNoViolationsAsync(page, "earlier conversation");
        await BrowserFixture.ScreenshotAsync(page, "earlier-conversation");

        await page.Locator("[data-cb=conversations-back]").ClickAsync();
        await Expect(page.Locator("[data-cb=conversations]")).ToBeHiddenAsync();
        await Expect(widget.Input).ToBeFocusedAsync();
        await Expect(widget.Messages.First.Locator("[data-cb=message-text]")).ToHaveTextAsync("What should a senior QA engineer learn?");
        await page.Context.CloseAsync();
    }
}
