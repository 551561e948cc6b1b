using CoachBot.Server.Tests.Support;
using CoachBot.Widget.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>Keyboard focus never falls to the page when a control it is on goes away.</summary>
public sealed class WidgetFocusTests(BrowserFixture browser)
{
    [Fact]
    public async Task Stop_from_the_keyboard_and_a_feedback_comment_sent_with_Enter_keep_focus_in_the_panel()
    {
        using var data = new TempFolder();
        var (host, gated) = await GatedHost.StartAsync(data.Path, chunksBeforeGate: 3);
        await using var _ = host;
        var widget = await WidgetDriver.OpenOnDemoPageAsync(browser, host.BaseAddress);
        var page = widget.Page;

        await widget.AskAsync("What should a mid-level backend developer learn next?");
        await gated.Reached.Task.WaitAsync(GatedHost.Bound, TestContext.Current.CancellationToken);
        var stop = page.Locator("[data-cb=stop]");
        await stop.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await widget.ReplyEndedAsync("cancelled");
        await Expect(stop).ToBeHiddenAsync();
        await Expect(widget.Input).ToBeFocusedAsync();

        gated.Release.TrySetResult();
        await widget.AskAsync("Which skills should a junior data engineer learn?");
        var reply = await widget.ReplyEndedAsync();
        var down = reply.Locator("[data-cb=feedback-down]");
        await down.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var comment = reply.Locator("[data-cb=feedback-comment]");
        await Expect(comment).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Too general");
        await page.Keyboard.PressAsync("Enter");
        await Expect(reply.Locator("[data-cb=feedback-thanks]")).ToBeVisibleAsync();
        await Expect(comment).ToBeHiddenAsync();
        await Expect(down).ToBeFocusedAsync();
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement === document.body"));
        await page.Context.CloseAsync();
    }
}
