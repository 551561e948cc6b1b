using System.Text.Json;
using CoachBot.Server.Api.CoachConsole.Export;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Api.CoachConsole;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Widget.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.CoachConsole;

/// <summary>The console's export buttons in Chromium: the file the browser really downloads, redacted by default and whole when the coach turns redaction off.</summary>
public sealed class ConsoleExportTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private const string PersonalMessage = "Hi, my name is Priya Raman, write to priya.raman@example.com. I work at Globex Corporation and my salary is $85,000.";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coach_downloads_a_conversation_redacted_by_default_and_whole_with_redaction_off()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "console-export", Cancel);
        var learner = await ConsoleUsers.SessionAsync(fixture, tenant, "learner-export", consent: true);
        await ConsoleUsers.SendAsync(fixture, learner.Token, PersonalMessage);
        var console = await ConsoleDriver.OpenAsync(browser, fixture.Host.BaseAddress, "#/conversations");
        await console.SignInAsync(fixture.Staff.Mint("coach-export", tenant.TenantId, ["coach"]));
        await console.OpenTranscriptAsync("learner-export");
        var redact = console.Page.Locator("[data-console=export-redact]");
        await Expect(redact).ToBeCheckedAsync();

        var (markdownName, markdown) = await DownloadAsync(console, "md");
        Assert.Matches(@"^coachbot-conversation-learner-export-[0-9a-f-]{36}\.md$", markdownName);
        Assert.StartsWith("# CoachBot conversations", markdown, StringComparison.Ordinal);
        foreach (var tag in new[] { "name", "email", "employer", "salary" })
        {
            Assert.Contains($"\\[{tag}\\]", markdown, StringComparison.Ordinal);
        }

        foreach (var detail in new[] { "Priya", "priya.raman", "Globex", "85,000" })
        {
            Assert.DoesNotContain(detail, markdown, StringComparison.Ordinal);
        }

        await Expect(console.Page.Locator("[data-console=export-status]")).ToHaveTextAsync("Exported Markdown, redacted.");

        await redact.UncheckAsync();
        var (jsonName, json) = await DownloadAsync(console, "json");
        Assert.EndsWith(".json", jsonName, StringComparison.Ordinal);
        var document = JsonSerializer.Deserialize<ConversationExportDocument>(json, TestHost.Json)!;
        Assert.False(document.Redacted);
        var conversation = Assert.Single(document.Conversations);
        Assert.Equal("learner-export", conversation.UserId);
        Assert.Equal(PersonalMessage, conversation.Messages[0].Text);
        await Expect(console.Page.Locator("[data-console=export-status]")).ToHaveTextAsync("Exported JSON.");

        // The search view exports what it found, with the same switch.
        await console.GoAsync("#/conversations?userId=learner-export");
        await Expect(console.Results).ToHaveCountAsync(1);
        var (setName, set) = await DownloadAsync(console, "csv");
        Assert.Matches(@"^coachbot-conversations-\d{8}-\d{6}\.csv$", setName);
        Assert.Contains("[email]", set, StringComparison.Ordinal);
        Assert.DoesNotContain("priya.raman", set, StringComparison.Ordinal);
        await console.Page.Context.CloseAsync();
    }

    /// <summary>Clicks the export button and reads the file Chromium saved.</summary>
    private static async Task<(string Name, string Text)> DownloadAsync(ConsoleDriver console, string format)
    {
        var download = await console.Page.RunAndWaitForDownloadAsync(() => console.Page.Locator($"[data-console=export-{format}]").ClickAsync());
        Assert.Null(await download.FailureAsync());
        return (download.SuggestedFilename, await File.ReadAllTextAsync(await download.PathAsync(), Cancel));
    }
}
