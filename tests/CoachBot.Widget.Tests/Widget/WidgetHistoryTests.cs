using System.Text.Json;
using CoachBot.Server.Tests.Api;
using CoachBot.Widget.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CoachBot.Widget.Tests.Widget;

/// <summary>A conversation longer than one page of history: "Show earlier messages" pages back to its start.</summary>
public sealed class WidgetHistoryTests(TenantHostFixture fixture, BrowserFixture browser) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Earlier_messages_are_read_page_by_page_above_the_conversation_without_moving_it()
    {
        // A short window and two messages a page: each page of history overflows the log.
        var page = await browser.NewPageAsync(1280, 560, reducedMotion: true);
        var url = new Uri(fixture.Host.BaseAddress, "/long-conversation").ToString();
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!doctype html><html><head><title>history</title></head><body><script src=\"/widget.js\"></script><script>CoachBot.init({ historyPageSize: 2 });</script></body></html>",
        }));
        await page.GotoAsync(url);
        var widget = new WidgetDriver(page);
        await widget.OpenAsync();

        // Three turns, asked on the user's own hub connection (the offline model answers at once).
        await using (var hub = await fixture.Host.ConnectAsync((await widget.SessionTokenAsync())!))
        {
            foreach (var question in new[] { "What does a junior QA engineer do?", "Which skills should a data engineer learn?", "How do I prepare for a product manager interview?" })
            {
                await foreach (var chunk in hub.StreamAsync<JsonElement>("SendMessage", question, Cancel))
                {
                    if (chunk.TryGetProperty("end", out var end) && end.ValueKind == JsonValueKind.Object)
                    {
                        break;
                    }
                }
            }
        }

        var stored = (await widget.ServerHistoryAsync(fixture.Host.BaseAddress)).GetProperty("messages").EnumerateArray()
            .Select(m => m.GetProperty("role").GetString() + " " + m.GetProperty("turnId").GetString()).ToList();
        Assert.Equal(6, stored.Count);

        await page.ReloadAsync();
        await widget.ConnectedAsync();
        await Expect(widget.Messages).ToHaveCountAsync(2);
        var earlier = page.Locator("button[data-cb=load-earlier]");
        await Expect(earlier).ToBeVisibleAsync();
        var log = page.Locator("[data-cb=messages]");
        Assert.True(await log.EvaluateAsync<bool>("e => e.scrollHeight > e.clientHeight + 50"), "one page of history should overflow the log");

        // The reader scrolls to the top and asks for more with the keyboard; what they were reading stays where it was.
        for (var expected = 4; expected <= 6; expected += 2)
        {
            await log.EvaluateAsync("e => e.scrollTop = 0");
            var reading = widget.Messages.First;
            var turnId = await reading.GetAttributeAsync("data-turn-id");
            var before = (await reading.BoundingBoxAsync())!.Y;
            await earlier.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(widget.Messages).ToHaveCountAsync(expected);
            // A page is two messages, so the message read is now the third.
            var same = widget.Messages.Nth(2);
            await Expect(same).ToHaveAttributeAsync("data-turn-id", turnId!);
            var after = (await same.BoundingBoxAsync())!.Y;
            Assert.True(Math.Abs(after - before) <= 1, $"the message read moved from y = {before} to y = {after}");
            Assert.True(await log.EvaluateAsync<double>("e => e.scrollTop") > 0);
            if (expected < 6)
            {
                await Expect(earlier).ToBeFocusedAsync();
            }
        }

        // The start of the conversation: no more button, focus stays in the conversation, all messages in order.
        await Expect(earlier).ToHaveCountAsync(0);
        await Expect(log).ToBeFocusedAsync();
        var shown = new List<string>();
        foreach (var message in await widget.Messages.AllAsync())
        {
            shown.Add(await message.GetAttributeAsync("data-role") + " " + await message.GetAttributeAsync("data-turn-id"));
        }

        Assert.Equal(stored, shown);
        await Expect(widget.Assistant.First).ToHaveAttributeAsync("data-status", "completed");
        await Expect(widget.Assistant.First.Locator("[data-cb=feedback-up]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "history-earlier-pages");
        await page.Context.CloseAsync();
    }
}
