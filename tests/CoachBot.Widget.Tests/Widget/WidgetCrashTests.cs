using CoachBot.Server.Tests.Support;
using CoachBot.Widget.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>CoachBot stops mid-reply and comes back: what the visitor read stays, marked interrupted, with Ask again.</summary>
public sealed class WidgetCrashTests(BrowserFixture browser)
{
    private const string Question = "How do I grow from junior to mid-level data engineer?";

    /// <summary>Quick reconnection attempts, so the widget finds the new host within the test's wait.</summary>
    private static readonly string QuickReconnect = "CoachBot.init({ reconnectDelays: " + "[" + string.Join(",", Enumerable.Repeat(300, 50)) + "] })";

    private async Task<(WidgetDriver Widget, LoopbackProxy Proxy)> AskThroughProxyAsync(TestHost host)
    {
        var proxy = new LoopbackProxy(host.BaseAddress);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(proxy.Address.ToString());
        await page.EvaluateAsync(QuickReconnect);
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        await widget.AskAsync(Question);
        return (widget, proxy);
    }

    [Fact]
    public async Task A_reply_cut_by_a_stopped_server_keeps_the_text_already_read_and_offers_ask_again()
    {
        using var data = new TempFolder();
        var (first, gated) = await GatedHost.StartAsync(data.Path, chunksBeforeGate: 4);
        var (widget, proxy) = await AskThroughProxyAsync(first);
        await using var _ = proxy;
        await gated.Reached.Task.WaitAsync(GatedHost.Bound, TestContext.Current.CancellationToken);
        var reply = widget.Assistant.Last;
        var text = reply.Locator("[data-cb=message-text]");
        await Expect(text).Not.ToBeEmptyAsync();
        var shown = (await text.TextContentAsync())!;

        // CoachBot goes away mid-reply and starts again on the same data.
        await first.DisposeAsync();
        await using var second = await TestHost.StartAsync(data.Path);
        proxy.Retarget(second.BaseAddress);

        await widget.ReplyEndedAsync("failed");
        await Expect(reply).ToHaveAttributeAsync("data-interrupted", "true");
        Assert.StartsWith(shown, await text.TextContentAsync(), StringComparison.Ordinal);
        await Expect(reply.Locator("[data-cb=failed-note]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(widget.Page, "reply-interrupted");

        await reply.Locator("[data-cb=ask-again]").ClickAsync();
        await Expect(widget.Input).ToHaveValueAsync(Question);
        await Expect(widget.Input).ToBeFocusedAsync();
        await widget.Input.PressAsync("Enter");
        await widget.ReplyEndedAsync();
        await widget.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reply_cut_before_its_first_words_shows_no_feedback_thumbs_but_ask_again()
    {
        using var data = new TempFolder();
        var (first, gated) = await GatedHost.StartAsync(data.Path, chunksBeforeGate: 0);
        var (widget, proxy) = await AskThroughProxyAsync(first);
        await using var _ = proxy;
        await gated.Reached.Task.WaitAsync(GatedHost.Bound, TestContext.Current.CancellationToken);
        await Expect(widget.Page.Locator("[data-cb=thinking]")).ToBeVisibleAsync();

        await first.DisposeAsync();
        await using var second = await TestHost.StartAsync(data.Path);
        proxy.Retarget(second.BaseAddress);

        var reply = await widget.ReplyEndedAsync("failed");
        await Expect(reply.Locator("[data-cb=message-text]")).ToBeEmptyAsync();
        await Expect(reply.Locator("[data-cb=ask-again]")).ToBeVisibleAsync();
        await Expect(reply.Locator("[data-cb=feedback-up]")).ToHaveCountAsync(0);
        await Expect(reply.Locator("[data-cb=copy]")).ToHaveCountAsync(0);
        await Expect(reply).Not.ToHaveAttributeAsync("data-interrupted", "true");
        await widget.Page.Context.CloseAsync();
    }
}
