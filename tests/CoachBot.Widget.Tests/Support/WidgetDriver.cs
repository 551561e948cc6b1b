using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Server.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Support;

/// <summary>Drives the widget on a page through its DOM contract (Playwright's CSS locators reach into the open shadow root).</summary>
public sealed class WidgetDriver(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Launcher => Page.Locator("[data-cb=launcher]");

    public ILocator Panel => Page.Locator("[data-cb=panel]");

    public ILocator Input => Page.Locator("textarea[data-cb=input]");

    public ILocator Connection => Page.Locator("[data-cb=connection]");

    public ILocator Error => Page.Locator("[data-cb=error]");

    public ILocator Messages => Page.Locator("[data-cb=message]");

    public ILocator Assistant => Page.Locator("[data-cb=message][data-role=assistant]");

    /// <summary>A fresh page on CoachBot's demo page with the widget opened and connected.</summary>
    public static async Task<WidgetDriver> OpenOnDemoPageAsync(BrowserFixture browser, Uri server, int width = 1280, int height = 800)
    {
        var page = await browser.NewPageAsync(width, height, reducedMotion: true);
        await page.GotoAsync(server.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        return widget;
    }

    /// <summary>Opens the widget and waits until it is connected.</summary>
    public async Task OpenAsync()
    {
        await Launcher.ClickAsync();
        await ConnectedAsync();
    }

    public async Task ConnectedAsync()
    {
        await Expect(Panel).ToBeVisibleAsync();
        await Expect(Connection).ToHaveAttributeAsync("data-state", "connected");
        await Expect(Page.Locator("[data-cb=messages]")).ToHaveAttributeAsync("aria-busy", "false");
    }

    public async Task AskAsync(string question)
    {
        await Input.FillAsync(question);
        await Input.PressAsync("Enter");
    }

    /// <summary>Waits for the latest reply to end with the given status.</summary>
    public async Task<ILocator> ReplyEndedAsync(string status = "completed")
    {
        var reply = Assistant.Last;
        await Expect(reply).ToHaveAttributeAsync("data-status", status);
        return reply;
    }

    /// <summary>The session token the widget keeps in localStorage.</summary>
    public async Task<string?> SessionTokenAsync() => await Page.EvaluateAsync<string?>(
        "() => { for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); if (k.startsWith('coachbot:') && k.endsWith(':session')) return JSON.parse(localStorage.getItem(k)).token; } return null; }");

    /// <summary>Records the widget's events in window.__cbEvents.</summary>
    public Task RecordEventsAsync() => Page.EvaluateAsync(
        "() => { window.__cbEvents = []; for (const e of ['ready', 'open', 'close', 'reply', 'error']) window.CoachBot.on(e, d => window.__cbEvents.push({ event: e, detail: d ?? null })); }");

    public async Task<JsonElement[]> EventsAsync(string name) =>
        [.. (await Page.EvaluateAsync<JsonElement>("() => window.__cbEvents")).EnumerateArray().Where(e => e.GetProperty("event").GetString() == name).Select(e => e.GetProperty("detail"))];

    /// <summary>The user's stored history, read from the server with the widget's own session.</summary>
    public async Task<JsonElement> ServerHistoryAsync(Uri server)
    {
        using var client = new HttpClient { BaseAddress = server };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SessionTokenAsync());
        return await client.GetFromJsonAsync<JsonElement>("/api/me/history?limit=50", TestHost.Json, TestContext.Current.CancellationToken);
    }

    /// <summary>The one stored reply of the conversation, read from the server with the widget's own session.</summary>
    public async Task<JsonElement> StoredReplyAsync(Uri server) =>
        (await ServerHistoryAsync(server)).GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "assistant");

    /// <summary>The text of the one <c>reply</c> event the widget raised; fails when it raised none or several.</summary>
    public async Task<string?> OnlyReplyEventTextAsync() =>
        Assert.Single(await EventsAsync("reply")).GetProperty("text").GetString();
}
