using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.CoachConsole;

/// <summary>
/// A coach finds a conversation, rates and corrects a reply in the console, and the next person who asks the same
/// question in the widget gets the correction as the approved answer, with its citation.
/// </summary>
public sealed class ConsoleReviewTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private const string Correction = "Learn SQL and Python first, then build one batch pipeline end to end and publish it.";

    [Fact]
    public async Task Search_open_rate_and_correct_then_the_next_person_gets_the_approved_answer_with_its_citation()
    {
        // Someone asks in the widget and agrees to coaching review.
        var first = await WidgetDriver.OpenOnDemoPageAsync(browser, fixture.Host.BaseAddress);
        await first.AskAsync("How do I become a data engineer?");
        await first.ReplyEndedAsync();
        await Expect(first.Assistant.Last).Not.ToContainTextAsync(Correction);
        var userId = (await first.ServerHistoryAsync(fixture.Host.BaseAddress)).GetProperty("messages")[0].GetProperty("userId").GetString()!;
        await using (var own = await fixture.Host.ConnectAsync((await first.SessionTokenAsync())!))
        {
            Assert.True(await own.InvokeAsync<bool>("SetConsent", true, TestContext.Current.CancellationToken));
        }

        // The coach searches, opens the transcript, rates the reply as outdated and writes what it should have said.
        var console = await ConsoleDriver.OpenAsync(browser, fixture.Host.BaseAddress);
        await console.SignInAsync(fixture.Staff.Mint("coach-rae", "default", ["coach"], name: "Rae Kim"));
        await console.Page.GetByLabel("Text", new() { Exact = true }).FillAsync("data engineer");
        await console.Page.GetByLabel("Text", new() { Exact = true }).PressAsync("Enter");
        await Expect(console.Results).ToHaveCountAsync(1);
        await console.OpenTranscriptAsync(userId);
        var reply = console.Messages.Filter(new() { Has = console.Page.Locator("[data-console=review]") }).First;
        await reply.Locator("[data-console=rubric-outdated]").CheckAsync();
        await reply.Locator("[data-console=review-correction]").FillAsync(Correction);
        await Expect(reply.Locator("[data-console=review-question]")).ToHaveValueAsync("How do I become a data engineer?");
        await reply.Locator("[data-console=review-submit]").ClickAsync();
        await Expect(reply.Locator("[data-console=review-status]")).ToContainTextAsync("Approved answer created");
        await BrowserFixture.ScreenshotAsync(console.Page, "console-review-saved");

        // The next person asks the same thing in their own words.
        var second = await WidgetDriver.OpenOnDemoPageAsync(browser, fixture.Host.BaseAddress);
        await second.AskAsync("how can I become a data engineer");
        var answered = await second.ReplyEndedAsync();
        await Expect(answered.Locator("[data-cb=message-text]")).ToContainTextAsync(Correction.TrimEnd('.'));
        await Expect(answered.Locator("[data-cb=message-text]")).ToContainTextAsync("approved");
        var chip = answered.Locator("[data-cb=citation]");
        await Expect(chip).ToHaveCountAsync(1);
        await Expect(chip).ToContainTextAsync("Approved answer from your coaching team");
        await chip.ClickAsync();
        await Expect(answered.Locator("[data-cb=citation-passage]")).ToHaveTextAsync(Correction);
        await BrowserFixture.ScreenshotAsync(second.Page, "widget-approved-answer");

        // The console lists the answer the correction created.
        await console.GoAsync("#/approved-answers");
        await Expect(console.Page.GetByText(Correction)).ToBeVisibleAsync();

        await first.Page.Context.CloseAsync();
        await second.Page.Context.CloseAsync();
        await console.Page.Context.CloseAsync();
    }
}
