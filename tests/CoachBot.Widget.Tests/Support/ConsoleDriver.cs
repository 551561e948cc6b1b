using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Support;

/// <summary>Drives the coach console through its DOM contract (data-console attributes, labels and roles).</summary>
public sealed class ConsoleDriver(IPage page, Uri server)
{
    public IPage Page { get; } = page;

    public ILocator Title => Page.Locator("[data-console=title]");

    public ILocator Results => Page.Locator("[data-console=result]");

    public ILocator Messages => Page.Locator("[data-console=message]");

    public ILocator SignInMessage => Page.Locator("[data-console=signin-message]");

    /// <summary>A fresh page (own session storage) on the console at <paramref name="hash"/>.</summary>
    public static async Task<ConsoleDriver> OpenAsync(BrowserFixture browser, Uri server, string hash = "", int width = 1280, int height = 800)
    {
        var page = await browser.NewPageAsync(width, height, reducedMotion: true);
        var console = new ConsoleDriver(page, server);
        await console.GoAsync(hash);
        return console;
    }

    public Task GoAsync(string hash) => Page.GotoAsync(new Uri(server, "/console" + hash).ToString());

    /// <summary>Signs in with <paramref name="token"/> and waits for the conversation search.</summary>
    public async Task SignInAsync(string token)
    {
        await Page.GetByLabel("Staff token or key").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Title).ToHaveTextAsync("Conversations");
    }

    /// <summary>
    /// Presses Tab (Shift+Tab when <paramref name="backwards"/>) until <paramref name="target"/> has the focus (at most
    /// 40 times), and checks the focus is visible: an outline of at least 2 px.
    /// </summary>
    public async Task TabToAsync(ILocator target, bool backwards = false)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                var outline = await target.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth; }");
                Assert.True(!outline.StartsWith("none", StringComparison.Ordinal) && float.Parse(outline.Split(' ')[1].Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 2, "the focus is not visible: outline " + outline);
                return;
            }

            await Page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }

        Assert.Fail("Tab never reached " + target);
    }

    /// <summary>Opens the transcript of the search result for <paramref name="userId"/>.</summary>
    public async Task OpenTranscriptAsync(string userId)
    {
        await Results.Locator("a[data-console=open]", new() { HasTextString = userId }).First.ClickAsync();
        await Expect(Title).ToHaveTextAsync("Conversation");
        await Expect(Messages.First).ToBeVisibleAsync();
    }
}
