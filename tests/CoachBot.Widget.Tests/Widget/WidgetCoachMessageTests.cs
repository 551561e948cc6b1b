using System.Text.Json;
using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>A human coach's message arriving in an open widget, and in its history after a reload.</summary>
public sealed class WidgetCoachMessageTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coach_reply_appears_live_labelled_with_the_coachs_name_and_stays_after_a_reload()
    {
        var widget = await WidgetDriver.OpenOnDemoPageAsync(browser, fixture.Host.BaseAddress);
        await widget.AskAsync("How do I become a data engineer?");
        await widget.ReplyEndedAsync();
        var userId = (await widget.ServerHistoryAsync(fixture.Host.BaseAddress)).GetProperty("messages")[0].GetProperty("userId").GetString()!;
        await using (var own = await fixture.Host.ConnectAsync((await widget.SessionTokenAsync())!))
        {
            Assert.True(await own.InvokeAsync<bool>("SetConsent", true, Cancel));
        }

        await using var console = await fixture.Host.ConnectAsync(fixture.Staff.Mint("coach-ann", "default", ["coach"], name: "Ann Lee"), "/hubs/console");
        await console.InvokeAsync<JsonElement>("SendCoachMessage", userId, "Let's go through your plan on Friday.", Cancel);

        var coach = widget.Page.Locator("[data-cb=message][data-role=coach]");
        await Expect(coach).ToHaveCountAsync(1);
        await Expect(coach.Locator("[data-cb=speaker]")).ToHaveTextAsync("Coach Ann Lee");
        await Expect(coach.Locator("[data-cb=speaker]")).ToBeVisibleAsync();
        await Expect(coach.Locator("[data-cb=message-text]")).ToHaveTextAsync("Let's go through your plan on Friday.");
        Assert.Equal(3, await widget.Messages.CountAsync());
        await BrowserFixture.ScreenshotAsync(widget.Page, "coach-message-live");

        await widget.Page.ReloadAsync();
        await widget.ConnectedAsync();
        await Expect(coach).ToHaveCountAsync(1);
        await Expect(coach.Locator("[data-cb=speaker]")).ToHaveTextAsync("Coach Ann Lee");
        await Expect(widget.Messages.Last).ToHaveAttributeAsync("data-role", "coach");
    }
}
