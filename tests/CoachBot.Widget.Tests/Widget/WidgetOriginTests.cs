using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>A site the tenant does not list: the visitor is told chat is not offered there, the site owner which origin to add.</summary>
public sealed class WidgetOriginTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    [Fact]
    public async Task On_a_site_the_tenant_does_not_list_the_visitor_sees_chat_is_not_available_and_the_console_names_the_origin()
    {
        var server = fixture.Host.BaseAddress;
        // Another origin than CoachBot's own, and the default tenant lists none.
        await using var site = new HostSite($"""<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Shop</h1><script src="{server}widget.js"></script></body></html>""");
        var page = await browser.NewPageAsync(reducedMotion: true);
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (console)
                {
                    console.Add(message.Text);
                }
            }
        };
        await page.GotoAsync(site.Origin + "/shop");
        var widget = new WidgetDriver(page);
        await AxeScript.InjectAsync(page);
        await widget.Launcher.ClickAsync();

        await Expect(widget.Error).ToHaveTextAsync("Chat is not available on this site.");
        await Expect(widget.Connection).ToBeHiddenAsync();
        await Expect(page.Locator("[data-cb=retry]")).ToBeHiddenAsync();
        var origin = site.Origin;
        string[] lines;
        lock (console)
        {
            lines = [.. console];
        }

        Assert.Contains(lines, line => line.StartsWith("CoachBot:", StringComparison.Ordinal) && line.Contains($"\"{origin}\"", StringComparison.Ordinal) && line.Contains("allowedOrigins", StringComparison.Ordinal));
        await AxeScript.AssertNoViolationsAsync(page, "origin not listed");
        await BrowserFixture.ScreenshotAsync(page, "origin-not-listed");
        await page.Context.CloseAsync();
    }
}
