using CoachBot.Server.Tests.Support;
using CoachBot.Widget.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>Replies held mid-way by a gated model: stopping one, and losing the connection while one is written.</summary>
public sealed class WidgetTurnTests(BrowserFixture browser)
{
    private static readonly TimeSpan Bound = GatedHost.Bound;

    private static Task<(TestHost Host, GatedChatModel Gated)> StartGatedHostAsync(string data, int chunksBeforeGate) => GatedHost.StartAsync(data, chunksBeforeGate);

    [Fact]
    public async Task Stop_ends_the_reply_being_written_as_cancelled()
    {
        using var data = new TempFolder();
        var (host, gated) = await StartGatedHostAsync(data.Path, chunksBeforeGate: 3);
        await using var _ = host;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();

        await widget.AskAsync("What should a mid-level backend developer learn next?");
        await gated.Reached.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
        var reply = widget.Assistant.Last;
        await Expect(reply.Locator("[data-cb=message-text]")).Not.ToBeEmptyAsync();
        await Expect(reply).ToHaveAttributeAsync("data-status", "streaming");
        await Expect(page.Locator("[data-cb=send]")).ToBeHiddenAsync();
        await page.Locator("[data-cb=stop]").ClickAsync();

        await widget.ReplyEndedAsync("cancelled");
        await Expect(reply).ToContainTextAsync("Stopped.");
        await Expect(page.Locator("[data-cb=send]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-cb=stop]")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, "reply-stopped");
        var stored = await widget.StoredReplyAsync(host.BaseAddress);
        Assert.Equal("cancelled", stored.GetProperty("status").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reply_in_progress_survives_a_lost_connection_and_is_shown_exactly_once()
    {
        using var data = new TempFolder();
        var (host, gated) = await StartGatedHostAsync(data.Path, chunksBeforeGate: 4);
        await using var _ = host;
        await using var proxy = new LoopbackProxy(host.BaseAddress);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(proxy.Address.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        await widget.RecordEventsAsync();

        await widget.AskAsync("How do I grow from junior to mid-level data engineer?");
        await gated.Reached.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
        var reply = widget.Assistant.Last;
        await Expect(reply.Locator("[data-cb=message-text]")).Not.ToBeEmptyAsync();

        // The network goes away mid-reply, then comes back; the model goes on only after the widget is back.
        proxy.Cut();
        await Expect(widget.Connection).ToHaveAttributeAsync("data-state", "reconnecting");
        await Expect(widget.Connection).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "connection-lost");
        proxy.Restore();
        await Expect(widget.Connection).ToHaveAttributeAsync("data-state", "connected");
        await Expect(widget.Connection).ToBeHiddenAsync();
        gated.Release.SetResult();

        await widget.ReplyEndedAsync();
        await Expect(widget.Messages).ToHaveCountAsync(2);
        var stored = (await widget.StoredReplyAsync(host.BaseAddress)).GetProperty("text").GetString();
        var shown = await widget.OnlyReplyEventTextAsync();
        Assert.Equal(stored, shown);
        var rendered = await reply.Locator("[data-cb=message-text]").TextContentAsync();
        await BrowserFixture.ScreenshotAsync(page, "reply-after-reconnect");

        // The same stored text rendered fresh after a reload looks exactly the same.
        await page.ReloadAsync();
        await widget.ConnectedAsync();
        await Expect(widget.Assistant.Last.Locator("[data-cb=message-text]")).ToHaveTextAsync(rendered!);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_connection_lost_before_the_first_words_still_brings_the_whole_reply()
    {
        using var data = new TempFolder();
        var (host, gated) = await StartGatedHostAsync(data.Path, chunksBeforeGate: 0);
        await using var _ = host;
        await using var proxy = new LoopbackProxy(host.BaseAddress);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(proxy.Address.ToString());
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        await widget.RecordEventsAsync();

        // The model holds before its first chunk: the widget shows that it is thinking and does not know the turn yet.
        await widget.AskAsync("What does a senior product manager do?");
        await gated.Reached.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
        var reply = widget.Assistant.Last;
        await Expect(reply.Locator("[data-cb=thinking]")).ToBeVisibleAsync();
        proxy.Cut();
        await Expect(widget.Connection).ToHaveAttributeAsync("data-state", "reconnecting");
        proxy.Restore();
        await Expect(widget.Connection).ToHaveAttributeAsync("data-state", "connected");
        gated.Release.SetResult();

        await widget.ReplyEndedAsync();
        await Expect(widget.Messages).ToHaveCountAsync(2);
        var stored = await widget.StoredReplyAsync(host.BaseAddress);
        Assert.Equal(stored.GetProperty("turnId").GetString(), await widget.Assistant.Last.GetAttributeAsync("data-turn-id"));
        Assert.Equal(stored.GetProperty("text").GetString(), await widget.OnlyReplyEventTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Another_tab_of_the_same_visitor_follows_a_reply_started_in_the_first_to_its_end()
    {
        using var data = new TempFolder();
        var (host, gated) = await StartGatedHostAsync(data.Path, chunksBeforeGate: 3);
        await using var _ = host;
        var first = new WidgetDriver(await browser.NewPageAsync());
        await first.Page.GotoAsync(host.BaseAddress.ToString());
        await first.OpenAsync();
        // The second tab shares the browser's storage, so the same session.
        var second = new WidgetDriver(await first.Page.Context.NewPageAsync());
        await second.Page.GotoAsync(host.BaseAddress.ToString());
        await second.OpenAsync();
        Assert.Equal(await first.SessionTokenAsync(), await second.SessionTokenAsync());
        await second.RecordEventsAsync();

        const string Question = "What should a junior frontend developer learn first?";
        await first.AskAsync(Question);
        await gated.Reached.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);

        // The second tab shows the question and the reply as far as it has got, still being written.
        var followed = second.Assistant.Last;
        await Expect(second.Messages).ToHaveCountAsync(2);
        await Expect(second.Messages.First).ToHaveAttributeAsync("data-role", "user");
        await Expect(second.Messages.First.Locator("[data-cb=message-text]")).ToHaveTextAsync(Question);
        await Expect(followed).ToHaveAttributeAsync("data-status", "streaming");
        await Expect(followed.Locator("[data-cb=message-text]")).Not.ToBeEmptyAsync();
        await Expect(second.Page.Locator("[data-cb=stop]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(second.Page, "other-tab-following");

        gated.Release.SetResult();
        await first.ReplyEndedAsync();
        await second.ReplyEndedAsync();
        await Expect(second.Messages).ToHaveCountAsync(2);
        var stored = await second.StoredReplyAsync(host.BaseAddress);
        await Expect(followed).ToHaveAttributeAsync("data-turn-id", stored.GetProperty("turnId").GetString()!);
        Assert.Equal(stored.GetProperty("text").GetString(), await second.OnlyReplyEventTextAsync());
        Assert.Equal(await first.Assistant.Last.Locator("[data-cb=message-text]").TextContentAsync(), await followed.Locator("[data-cb=message-text]").TextContentAsync());
        await Expect(second.Page.Locator("[data-cb=send]")).ToBeVisibleAsync();
        await first.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_reconnecting_gives_up_Retry_reconnects_and_the_reply_in_progress_completes_once()
    {
        using var data = new TempFolder();
        var (host, gated) = await StartGatedHostAsync(data.Path, chunksBeforeGate: 3);
        await using var _ = host;
        await using var proxy = new LoopbackProxy(host.BaseAddress);
        var page = await browser.NewPageAsync();
        // A short reconnect schedule: two quick attempts, then the widget gives up and offers Retry.
        var url = new Uri(proxy.Address, "/short-reconnect").ToString();
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!doctype html><html><head><title>retry</title></head><body><script src=\"/widget.js\"></script><script>CoachBot.init({ reconnectDelays: [0, 100] });</script></body></html>",
        }));
        await page.GotoAsync(url);
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        await widget.RecordEventsAsync();

        await widget.AskAsync("How does a mid-level DevOps engineer become senior?");
        await gated.Reached.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
        var reply = widget.Assistant.Last;
        await Expect(reply.Locator("[data-cb=message-text]")).Not.ToBeEmptyAsync();

        // The network stays away through every automatic attempt.
        proxy.Cut();
        await Expect(widget.Connection).ToHaveAttributeAsync("data-state", "disconnected");
        var retry = page.Locator("button[data-cb=retry]");
        await Expect(retry).ToBeVisibleAsync();
        await Expect(reply).ToHaveAttributeAsync("data-status", "streaming");
        await BrowserFixture.ScreenshotAsync(page, "reconnect-gave-up");

        // The network is back; the visitor presses Retry, and the reply goes on from what the page has.
        proxy.Restore();
        await retry.ClickAsync();
        await Expect(widget.Connection).ToHaveAttributeAsync("data-state", "connected");
        await Expect(widget.Connection).ToBeHiddenAsync();
        gated.Release.SetResult();
        await widget.ReplyEndedAsync();
        await Expect(widget.Messages).ToHaveCountAsync(2);
        var stored = await widget.StoredReplyAsync(host.BaseAddress);
        Assert.Equal(stored.GetProperty("text").GetString(), await widget.OnlyReplyEventTextAsync());
        await Expect(reply).ToHaveAttributeAsync("data-turn-id", stored.GetProperty("turnId").GetString()!);
        await page.Context.CloseAsync();
    }
}
