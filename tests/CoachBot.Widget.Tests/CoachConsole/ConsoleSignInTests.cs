using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.CoachConsole;

/// <summary>Signing in and out of the coach console, with the mouse and with the keyboard alone.</summary>
public sealed class ConsoleSignInTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private Uri Server => fixture.Host.BaseAddress;

    [Fact]
    public async Task A_coach_signs_in_the_token_lasts_for_the_tab_and_signing_out_forgets_it()
    {
        var console = await ConsoleDriver.OpenAsync(browser, Server, "#/conversations");
        await Expect(console.Title).ToHaveTextAsync("Sign in");
        await Expect(console.Page.Locator("#console-nav")).ToBeHiddenAsync();
        await Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeHiddenAsync();
        await console.SignInAsync(fixture.Staff.Mint("coach-1", "default", ["coach"]));
        await Expect(console.Page.GetByRole(AriaRole.Navigation, new() { Name = "Console" })).ToBeVisibleAsync();

        // A reload keeps the session (sessionStorage); sign-out forgets it.
        await console.Page.ReloadAsync();
        await Expect(console.Title).ToHaveTextAsync("Conversations");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(console.Title).ToHaveTextAsync("Sign in");
        await Expect(console.SignInMessage).ToHaveTextAsync("You signed out.");
        Assert.Null(await console.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('coachbot.console.token')"));
        await console.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Sign_in_and_search_work_from_the_keyboard_alone_with_a_visible_focus()
    {
        var console = await ConsoleDriver.OpenAsync(browser, Server);
        await Expect(console.Page.GetByLabel("Staff token or key")).ToBeFocusedAsync();
        await console.Page.Keyboard.TypeAsync(fixture.Staff.Mint("coach-2", "default", ["coach"]));
        await console.TabToAsync(console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }));
        await console.Page.Keyboard.PressAsync("Enter");
        await Expect(console.Title).ToHaveTextAsync("Conversations");
        await Expect(console.Title).ToBeFocusedAsync();

        // The skip link comes first and lands on the main landmark; then the filters, and Enter searches.
        await console.TabToAsync(console.Page.Locator("a.skip"), backwards: true);
        await console.Page.Keyboard.PressAsync("Enter");
        await Expect(console.Page.Locator("main")).ToBeFocusedAsync();
        await console.TabToAsync(console.Page.GetByLabel("Text", new() { Exact = true }));
        await console.Page.Keyboard.TypeAsync("senior");
        await console.Page.Keyboard.PressAsync("Enter");
        await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/conversations\\?q=senior$"));
        await Expect(console.Page.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync("senior");
        await console.Page.Context.CloseAsync();
    }
}
