using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.CoachConsole;

/// <summary>axe-core's WCAG 2 A/AA rules on the console's pages at a laptop and a tablet size, and no sideways scrolling.</summary>
public sealed class ConsoleAccessibilityTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(768, 1024)]
    public async Task Sign_in_and_search_have_no_violations_and_fit_the_width(int width, int height)
    {
        var console = await ConsoleDriver.OpenAsync(browser, fixture.Host.BaseAddress, width: width, height: height);
        await Expect(console.Title).ToHaveTextAsync("Sign in");
        await AssertPageAsync(console, $"sign-in {width}x{height}");

        await console.SignInAsync(fixture.Staff.Mint("coach-a11y", "default", ["coach"]));
        await Expect(console.Page.Locator("[data-console=search-status]")).Not.ToBeEmptyAsync();
        await AssertPageAsync(console, $"conversations {width}x{height}");
        await console.Page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(768, 1024)]
    public async Task Transcript_live_analytics_and_approved_answers_have_no_violations_and_fit_the_width(int width, int height)
    {
        var widget = await WidgetDriver.OpenOnDemoPageAsync(browser, fixture.Host.BaseAddress);
        await widget.AskAsync("What do senior data engineers earn in the US?");
        await widget.ReplyEndedAsync();
        var userId = (await widget.ServerHistoryAsync(fixture.Host.BaseAddress)).GetProperty("messages")[0].GetProperty("userId").GetString()!;
        await using (var own = await fixture.Host.ConnectAsync((await widget.SessionTokenAsync())!))
        {
            Assert.True(await own.InvokeAsync<bool>("SetConsent", true, TestContext.Current.CancellationToken));
        }

        var console = await ConsoleDriver.OpenAsync(browser, fixture.Host.BaseAddress, width: width, height: height);
        await console.SignInAsync(fixture.Staff.Mint("coach-a11y", "default", ["coach"]));
        await console.GoAsync($"#/conversations?userId={Uri.EscapeDataString(userId)}");
        await console.OpenTranscriptAsync(userId);
        await AssertPageAsync(console, $"transcript {width}x{height}");

        await console.GoAsync($"#/live/{Uri.EscapeDataString(userId)}");
        await Expect(console.Page.Locator("[data-console=live-messages] [data-role=assistant]")).ToHaveCountAsync(1);
        await AssertPageAsync(console, $"live {width}x{height}");

        await console.GoAsync("#/analytics");
        await Expect(console.Page.Locator("svg").First).ToBeVisibleAsync();
        await AssertPageAsync(console, $"analytics {width}x{height}");

        await console.GoAsync("#/approved-answers");
        await Expect(console.Title).ToHaveTextAsync("Approved answers");
        await AssertPageAsync(console, $"approved-answers {width}x{height}");
        await widget.Page.Context.CloseAsync();
        await console.Page.Context.CloseAsync();
    }

    private static async Task AssertPageAsync(ConsoleDriver console, string state)
    {
        await AxeScript.InjectAsync(console.Page);
        await AxeScript.AssertNoViolationsAsync(console.Page, state, "html");
        var overflow = await console.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page scrolls sideways by {overflow} px ({state})");
        await BrowserFixture.ScreenshotAsync(console.Page, "console-" + state.Replace(' ', '-'));
    }
}
