using System.Text.Json;
using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>axe-core's WCAG 2 A/AA rules on the widget in each of its states and color schemes, and reduced motion.</summary>
public sealed class WidgetAccessibilityTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private Uri Server => fixture.Host.BaseAddress;

    [Fact]
    public async Task The_widget_has_no_WCAG_A_or_AA_violations_in_any_state_or_color_scheme()
    {
        // Reduced motion: axe measures colors at rest, not half-way through the panel's opening animation.
        var page = await browser.NewPageAsync(reducedMotion: true);
        await page.GotoAsync(Server.ToString());
        var widget = new WidgetDriver(page);
        await Expect(widget.Launcher).ToBeVisibleAsync();
        await AxeScript.InjectAsync(page);
        await AxeScript.AssertNoViolationsAsync(page, "closed");

        await widget.OpenAsync();
        await Expect(page.Locator(".cb-suggestion").First).ToBeVisibleAsync();
        await AxeScript.AssertNoViolationsAsync(page, "new conversation");

        await widget.AskAsync("How do I become a senior backend developer in the USA?");
        var reply = await widget.ReplyEndedAsync();
        await reply.Locator("button[data-cb=citation]").First.ClickAsync();
        await Expect(reply.Locator("[data-cb=citation-detail]").First).ToBeVisibleAsync();
        await reply.Locator("[data-cb=feedback-down]").ClickAsync();
        await Expect(reply.Locator("[data-cb=feedback-comment]")).ToBeVisibleAsync();
        await Expect(widget.Messages).ToHaveCountAsync(2);
        await AxeScript.AssertNoViolationsAsync(page, "conversation");

        await page.Locator("[data-cb=profile-open]").ClickAsync();
        await Expect(page.Locator("[data-cb=profile]")).ToBeVisibleAsync();
        await page.Locator("[data-cb=profile-target-role]").FillAsync("Data Engineer");
        await page.Locator("[data-cb=profile-save]").ClickAsync();
        await Expect(page.Locator("[data-cb=profile-saved]")).ToBeVisibleAsync();
        await AxeScript.AssertNoViolationsAsync(page, "profile");

        // The same states in the dark scheme ("auto" follows the browser).
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await Expect(widget.Panel).ToHaveCSSAsync("background-color", "rgb(17, 24, 39)");
        await AxeScript.AssertNoViolationsAsync(page, "profile, dark");
        await page.Locator("[data-cb=profile-open]").ClickAsync();
        await Expect(page.Locator("[data-cb=profile]")).ToBeHiddenAsync();
        await AxeScript.AssertNoViolationsAsync(page, "conversation, dark");
        await BrowserFixture.ScreenshotAsync(page, "accessibility-dark");
        await page.Locator("[data-cb=close]").ClickAsync();
        await Expect(widget.Panel).ToBeHiddenAsync();
        await AxeScript.AssertNoViolationsAsync(page, "closed, dark");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reduced_motion_turns_off_every_animation_and_transition()
    {
        const string Durations = """
            () => {
              const root = document.querySelector('coachbot-widget').shadowRoot;
              const seconds = (value) => Math.max(...value.split(',').map(v => parseFloat(v)));
              return [...root.querySelectorAll('*')].map(e => { const s = getComputedStyle(e); return { cb: e.dataset.cb ?? e.className ?? e.tagName, animation: seconds(s.animationDuration), transition: seconds(s.transitionDuration) }; });
            }
            """;
        foreach (var reduce in new[] { false, true })
        {
            var page = await browser.NewPageAsync(reducedMotion: reduce);
            await page.GotoAsync(Server.ToString());
            var widget = new WidgetDriver(page);
            await widget.OpenAsync();
            await widget.AskAsync("What does a junior QA engineer do?");
            await widget.ReplyEndedAsync();
            var animated = (await page.EvaluateAsync<JsonElement>(Durations)).EnumerateArray()
                .Where(e => e.GetProperty("animation").GetDouble() > 0 || e.GetProperty("transition").GetDouble() > 0)
                .Select(e => e.GetProperty("cb").GetString())
                .ToList();
            if (reduce)
            {
                Assert.True(animated.Count == 0, "still animated with reduced motion: " + string.Join(", ", animated));
                await Expect(widget.Panel).ToHaveCSSAsync("animation-duration", "0s");
                await Expect(widget.Launcher).ToHaveCSSAsync("transition-duration", "0s");
            }
            else
            {
                Assert.Contains("panel", animated);
                Assert.Contains("launcher", animated);
            }

            await page.Context.CloseAsync();
        }
    }
}
