using System.Globalization;
using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>Any brand color a tenant may set keeps text readable (4.5:1) and focus rings and borders visible (3:1).</summary>
public sealed class WidgetContrastTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    /// <summary>Orange, red, green and sky (white text on them fell to 2.8–3.8:1), light and dark extremes, and common brand colors.</summary>
    public static TheoryData<string> Colors => new(["#f97316", "#ef4444", "#22c55e", "#0ea5e9", "#facc15", "#ffffff", "#e5e7eb", "#000000", "#2563eb", "#7c3aed", "#a3e635", "#ec4899", "#14b8a6", "#808080"]);

    /// <summary>The ratios the panel's own colors reach, measured in the page from the computed styles.</summary>
    private const string Ratios = """
        () => {
          const root = document.querySelector('coachbot-widget').shadowRoot;
          const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
          const lum = (c) => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
          const style = (sel) => getComputedStyle(root.querySelector(sel));
          const panel = style('[data-cb=panel]').backgroundColor;
          const bubble = style('[data-cb=message][data-role=assistant]').backgroundColor;
          const send = root.querySelector('[data-cb=send]');
          const user = style('[data-cb=message][data-role=user]');
          const input = root.querySelector('[data-cb=input]');
          input.focus();
          const ring = getComputedStyle(input).outlineColor;
          return {
            userText: ratio(user.color, user.backgroundColor),
            ringOnPanel: ratio(ring, panel),
            ringOnBubble: ratio(ring, bubble),
            headerText: ratio(style('[data-cb=title]').color, getComputedStyle(root.querySelector('[data-cb=title]').closest('.cb-header')).backgroundColor),
            inputBorder: ratio(getComputedStyle(input).borderTopColor, panel),
          };
        }
        """;

    [Theory]
    [MemberData(nameof(Colors))]
    public async Task Every_brand_color_keeps_text_rings_and_borders_readable_in_both_schemes(string color)
    {
        var page = await browser.NewPageAsync(reducedMotion: true);
        await page.GotoAsync(fixture.Host.BaseAddress.ToString());
        await page.EvaluateAsync("c => CoachBot.init({ primaryColor: c })", color);
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();
        await AxeScript.InjectAsync(page);
        await widget.AskAsync("What does a junior QA engineer do?");
        var reply = await widget.ReplyEndedAsync();
        await reply.Locator("[data-cb=feedback-up]").ClickAsync();
        await Expect(reply.Locator("[data-cb=feedback-up]")).ToHaveAttributeAsync("aria-pressed", "true");

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
            await Expect(page.Locator("[data-cb=panel]")).ToHaveCSSAsync("background-color", scheme == ColorScheme.Dark ? "rgb(17, 24, 39)" : "rgb(255, 255, 255)");
            var state = $"{color}, {scheme}";
            await AxeScript.AssertNoViolationsAsync(page, state);
            var ratios = await page.EvaluateAsync<Dictionary<string, double>>(Ratios);
            TestContext.Current.TestOutputHelper?.WriteLine(state + ": " + string.Join(", ", ratios.Select(r => $"{r.Key} {r.Value.ToString("0.00", CultureInfo.InvariantCulture)}")));
            Assert.True(ratios["userText"] >= 4.5, $"{state}: text on the brand color {ratios["userText"]:0.00}:1");
            Assert.True(ratios["headerText"] >= 4.5, $"{state}: header text {ratios["headerText"]:0.00}:1");
            Assert.True(ratios["ringOnPanel"] >= 3, $"{state}: focus ring on the panel {ratios["ringOnPanel"]:0.00}:1");
            Assert.True(ratios["ringOnBubble"] >= 3, $"{state}: focus ring on a reply {ratios["ringOnBubble"]:0.00}:1");
            Assert.True(ratios["inputBorder"] >= 3, $"{state}: the input's border {ratios["inputBorder"]:0.00}:1");
        }

        await BrowserFixture.ScreenshotAsync(page, "color-" + color.TrimStart('#'));
        await page.Context.CloseAsync();
    }
}
