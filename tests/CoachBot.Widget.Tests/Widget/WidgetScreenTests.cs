using System.Text.Json;
using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>Short and narrow screens: a landscape phone, a page zoomed to 400%, a phone upright; long titles; the page behind.</summary>
public sealed class WidgetScreenTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    /// <summary>Boxes of the panel's parts, in CSS pixels.</summary>
    private const string Layout = """
        () => {
          const root = document.querySelector('coachbot-widget').shadowRoot;
          const box = (sel) => { const e = root.querySelector(sel); if (!e) return null; const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, width: r.width }; };
          return {
            panel: box('[data-cb=panel]'), messages: box('[data-cb=messages]'), input: box('[data-cb=input]'),
            suggestions: box('[data-cb=suggestion-group]'), title: box('[data-cb=title]'),
            inputFont: getComputedStyle(root.querySelector('[data-cb=input]')).fontSize,
            pageOverflow: getComputedStyle(document.documentElement).overflow,
            banners: root.querySelectorAll('header, [role=banner]').length,
          };
        }
        """;

    [Theory]
    [InlineData(667, 375, 200, "landscape-phone")]
    [InlineData(320, 200, 90, "zoom-400")]
    [InlineData(375, 667, 400, "phone")]
    public async Task On_a_short_or_narrow_screen_the_panel_fills_it_and_leaves_room_for_the_conversation(int width, int height, int minimumLog, string name)
    {
        var page = await browser.NewPageAsync(width, height, reducedMotion: true);
        await page.GotoAsync(fixture.Host.BaseAddress.ToString());
        await page.EvaluateAsync("() => { document.body.style.height = '3000px'; }");
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        await Expect(page.Locator("[data-cb=suggestion]").First).ToBeVisibleAsync();

        var layout = await page.EvaluateAsync<JsonElement>(Layout);
        var panel = layout.GetProperty("panel");
        Assert.Equal((0d, 0d, (double)width, (double)height), (panel.GetProperty("left").GetDouble(), panel.GetProperty("top").GetDouble(), panel.GetProperty("right").GetDouble(), panel.GetProperty("bottom").GetDouble()));
        var log = layout.GetProperty("messages").GetProperty("height").GetDouble();
        Assert.True(log >= minimumLog, $"{name}: the conversation has {log} px of {height}");
        // The suggestions stay inside the conversation (one row that scrolls sideways on short screens), never over the input.
        var suggestions = layout.GetProperty("suggestions");
        Assert.True(suggestions.GetProperty("bottom").GetDouble() <= layout.GetProperty("input").GetProperty("top").GetDouble(), $"{name}: suggestions overlap the input");
        if (height <= 500)
        {
            Assert.True(suggestions.GetProperty("height").GetDouble() <= 48, $"{name}: suggestions take {suggestions.GetProperty("height")} px");
        }

        Assert.Equal("16px", layout.GetProperty("inputFont").GetString());
        Assert.Equal("hidden", layout.GetProperty("pageOverflow").GetString());
        Assert.Equal(0, layout.GetProperty("banners").GetInt32());
        await Expect(widget.Input).ToBeInViewportAsync();
        await widget.AskAsync("What does a junior QA engineer do?");
        await widget.ReplyEndedAsync();
        await Expect(widget.Input).ToBeInViewportAsync();
        await BrowserFixture.ScreenshotAsync(page, "screen-" + name);

        // The page behind scrolls again once the panel is closed.
        await page.Locator("[data-cb=close]").ClickAsync();
        await Expect(widget.Panel).ToBeHiddenAsync();
        Assert.Equal("visible", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).overflow"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_long_title_shows_on_two_lines_and_the_greeting_is_said_once_in_the_first_bubble()
    {
        var page = await browser.NewPageAsync(reducedMotion: true);
        await page.GotoAsync(fixture.Host.BaseAddress.ToString());
        const string Title = "Career coaching for the engineering team";
        await page.EvaluateAsync("t => CoachBot.init({ title: t })", Title);
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();

        var title = page.Locator("[data-cb=title]");
        await Expect(title).ToHaveTextAsync(Title);
        // Nothing of the title is cut off: it wraps instead.
        Assert.True(await title.EvaluateAsync<bool>("e => e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1"), "the title is cut");
        await Expect(page.Locator("[data-cb=greeting]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-cb=welcome-greeting]")).ToHaveTextAsync(new CoachBot.Coaching.PersonaOptions().Greeting);
        Assert.Equal("visible", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).overflow"));
        await BrowserFixture.ScreenshotAsync(page, "long-title");
        await page.Context.CloseAsync();
    }
}
