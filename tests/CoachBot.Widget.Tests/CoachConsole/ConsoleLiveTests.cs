using CoachBot.Server.Tests.Support;
using CoachBot.Widget.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.CoachConsole;

/// <summary>The console's live view: a coach watches a reply while it streams, then writes into the conversation.</summary>
public sealed class ConsoleLiveTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_coach_watches_a_reply_stream_to_its_end_and_their_reply_arrives_in_the_widget()
    {
        using var data = new TempFolder();
        var staff = new StaffTokenIssuer();
        var (host, gated) = await GatedHost.StartAsync(data.Path, chunksBeforeGate: 3, new Dictionary<string, string?>(staff.HostSettings));
        await using var _ = host;
        var cancel = TestContext.Current.CancellationToken;

        // A reply is being written, held after its first chunks.
        var widget = await WidgetDriver.OpenOnDemoPageAsync(browser, host.BaseAddress);
        await widget.AskAsync("What should a mid-level backend developer learn next?");
        await gated.Reached.Task.WaitAsync(GatedHost.Bound, cancel);
        var userId = (await widget.ServerHistoryAsync(host.BaseAddress)).GetProperty("messages")[0].GetProperty("userId").GetString()!;
        await using (var own = await host.ConnectAsync((await widget.SessionTokenAsync())!))
        {
            Assert.True(await own.InvokeAsync<bool>("SetConsent", true, cancel));
        }

        // The coach attaches mid-reply: the question, and the reply so far, still being written.
        var console = await ConsoleDriver.OpenAsync(browser, host.BaseAddress);
        await console.SignInAsync(staff.Mint("coach-lee", "default", ["coach"], name: "Sam Lee"));
        await console.GoAsync($"#/live/{Uri.EscapeDataString(userId)}");
        var live = console.Page.Locator("[data-console=live-messages]");
        await Expect(live.Locator("[data-role=user]")).ToContainTextAsync("mid-level backend developer");
        var streaming = live.Locator("[data-role=assistant]");
        await Expect(streaming.Locator("[data-console=stream-state]")).ToHaveTextAsync("Writing…");
        await Expect(streaming.Locator("[data-console=message-text]")).Not.ToBeEmptyAsync();
        await BrowserFixture.ScreenshotAsync(console.Page, "console-live-streaming");

        // Released: the rest streams into the live view, which ends with what the person read.
        gated.Release.TrySetResult();
        var reply = await widget.ReplyEndedAsync();
        await Expect(streaming.Locator("[data-console=stream-state]")).ToHaveTextAsync("Completed");
        var shown = (await reply.Locator("[data-cb=message-text]").InnerTextAsync()).Trim();
        Assert.Equal(shown, (await streaming.Locator("[data-console=message-text]").InnerTextAsync()).Trim());

        // The coach answers from the live view; the person sees it in the open widget as their coach's message.
        await console.Page.Locator("[data-console=coach-reply-text]").FillAsync("Good question. Let's pick one of these for your next sprint on Friday.");
        await console.Page.Locator("[data-console=coach-reply-send]").ClickAsync();
        var coach = widget.Page.Locator("[data-cb=message][data-role=coach]");
        await Expect(coach).ToHaveCountAsync(1);
        await Expect(coach.Locator("[data-cb=speaker]")).ToHaveTextAsync("Coach Sam Lee");
        await Expect(coach.Locator("[data-cb=message-text]")).ToHaveTextAsync("Good question. Let's pick one of these for your next sprint on Friday.");
        await Expect(live.Locator("[data-role=coach]")).ToHaveCountAsync(1);

        await widget.Page.Context.CloseAsync();
        await console.Page.Context.CloseAsync();
    }
}
