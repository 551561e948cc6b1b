using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.CoachConsole;

/// <summary>Signing in and out of the coach console; refused tokens send the coach back to sign-in with the reason.</summary>
public sealed class ConsoleSignInTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private Uri Server => fixture.Host.BaseAddress;

    [Fact]
    public async Task A_coach_signs_in_the_token_lasts_for_the_tab_and_signing_out_forgets_it()
    {
        var console = await ConsoleDriver.OpenAsync(browser, Server, "#/conversations");
        await Expect(console.Title).ToHaveTextAsync("Sign in");
        await Expect(console.Page.Locator("#console-nav")).ToBeHiddenAsync();
        await console.SignInAsync(fixture.Staff.Mint("coach-1", "default", ["coach"]));
        await Expect(console.Page.Locator("[data-console=search-status]")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));

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
    public async Task An_expired_token_and_a_token_without_the_coach_role_return_to_sign_in_with_the_reason()
    {
        var console = await ConsoleDriver.OpenAsync(browser, Server);
        await console.Page.GetByLabel("Staff token or key").FillAsync(fixture.Staff.Mint("coach-1", "default", ["coach"], expires: DateTimeOffset.UtcNow.AddMinutes(-5)));
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(console.Title).ToHaveTextAsync("Sign in");
        await Expect(console.SignInMessage).ToContainTextAsync("You were signed out");
        await Expect(console.SignInMessage).ToContainTextAsync("token_expired");
        await Expect(console.Page.GetByLabel("Staff token or key")).ToBeFocusedAsync();

        await console.Page.GetByLabel("Staff token or key").FillAsync(fixture.Staff.Mint("admin-1", "default", ["tenant-admin"]));
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(console.SignInMessage).ToContainTextAsync("may not use the coach console");
        await Expect(console.Title).ToHaveTextAsync("Sign in");
        await console.Page.Context.CloseAsync();
    }
}
