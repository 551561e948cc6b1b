using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using static CoachBot.Server.Tests.Channels.Slack.SlackHostFixture;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>
/// How a reply reaches a workspace without Slack's streaming methods, how rate limits are honoured and how sources are
/// shown. Only the first test uses the workspace without streaming, so its first reply is the one that finds out.
/// </summary>
public sealed class SlackReplyStreamingTests(SlackHostFixture fixture) : IClassFixture<SlackHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Without_streaming_methods_the_reply_is_posted_then_updated_about_once_per_interval_then_finished_with_blocks()
    {
        var (user, channel, ts) = (fixture.NewId("U"), fixture.NewId("D"), "1700001000.000100");
        using var response = await DeliverAsync(fixture.Host, Event(UpdateTeam, fixture.NewId("Ev"), DirectMessage(user, channel, ts, "What does a backend developer do?")), AppSigningSecret);

        var finished = await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        var calls = fixture.Slack.CallsIn(channel);
        Assert.Equal(["chat.startStream", "chat.postMessage"], calls.Take(2).Select(call => call.Method));
        Assert.Equal((ts, ts), (calls[0].Arg("thread_ts"), calls[1].Arg("thread_ts")));
        Assert.All(calls, call => Assert.Equal("Bearer " + UpdateToken, call.Authorization));
        var updates = calls.Skip(2).ToList();
        Assert.All(updates, update => Assert.Equal(("chat.update", "1700000000.000000".Length), (update.Method, update.Arg("ts")!.Length)));
        Assert.All(updates, update => Assert.Equal(updates[0].Arg("ts"), update.Arg("ts")));
        Assert.True(updates.Count >= 2, $"{updates.Count} updates");
        Assert.Same(finished, updates[^1]);

        // Each partial update shows the whole text so far, growing, marked as unfinished.
        var partial = updates.SkipLast(1).Select(update => update.Arg("text")!).ToList();
        Assert.All(partial, text => Assert.EndsWith(" …", text, StringComparison.Ordinal));
        Assert.All(partial.Zip(partial.Skip(1)), pair => Assert.StartsWith(pair.First[..^2], pair.Second, StringComparison.Ordinal));
        Assert.All(updates.Zip(updates.Skip(1)).SkipLast(1), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(150), $"{pair.Second.At - pair.First.At}"));

        var blocks = finished.Body["blocks"]!.AsArray();
        Assert.Equal("section", (string?)blocks[0]!["type"]);
        Assert.Equal("actions", (string?)blocks[^1]!["type"]);
        Assert.DoesNotContain("**", finished.Arg("text"), StringComparison.Ordinal);

        // The workspace is remembered: the next reply goes straight to post and update.
        var next = fixture.NewId("D");
        using var again = await DeliverAsync(fixture.Host, Event(UpdateTeam, fixture.NewId("Ev"), DirectMessage(fixture.NewId("U"), next, ts, "And a frontend developer?")), AppSigningSecret);
        await fixture.Slack.WaitForFinishedReplyAsync(next, Patience);
        Assert.Equal("chat.postMessage", fixture.Slack.CallsIn(next)[0].Method);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_and_the_reply_still_finishes()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("D"));
        fixture.Slack.RateLimitNext("chat.appendStream", retryAfterSeconds: 1);
        using var response = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(user, channel, "1700001100.000100", "How do I negotiate a raise?")), TenantSigningSecret);

        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        var calls = fixture.Slack.CallsIn(channel);
        var limited = calls.Single(call => call.RateLimited);
        var retry = calls[calls.ToList().IndexOf(limited) + 1];
        Assert.Equal(("chat.appendStream", limited.Arg("markdown_text")), (retry.Method, retry.Arg("markdown_text")));
        Assert.True(retry.At - limited.At >= TimeSpan.FromMilliseconds(950), $"retried after {retry.At - limited.At}");
        Assert.Equal("chat.stopStream", calls[^1].Method);
    }

    [Fact]
    public async Task Citations_are_listed_as_mrkdwn_under_the_reply()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("D"));
        using var response = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"),
            DirectMessage(user, channel, "1700001200.000100", "How do I become a senior backend developer?")), TenantSigningSecret);

        var finished = await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        var context = finished.Body["blocks"]!.AsArray().Single(block => (string?)block!["type"] == "context")!;
        var sources = (string)context["elements"]![0]!["text"]!;
        Assert.StartsWith("*Sources*\n• ", sources, StringComparison.Ordinal);
        Assert.Contains("_backend-developer_", sources, StringComparison.Ordinal);
        Assert.Equal("mrkdwn", (string?)context["elements"]![0]!["type"]);
    }

    [Fact]
    public async Task A_reply_the_model_fails_to_write_ends_with_a_clear_line_and_no_feedback_buttons()
    {
        // A tenant whose own model is on a loopback address: CoachBot refuses to call it, so every turn fails.
        var store = fixture.Host.Services.GetRequiredService<ITenantStore>();
        var now = DateTimeOffset.UtcNow;
        var settings = new TenantSettings
        {
            Model = new TenantModelSettings { Provider = TenantModelProviders.OpenAICompatible, Endpoint = "http://127.0.0.1:9/v1", ModelId = "coach" },
            Channels = new TenantChannelSettings { Slack = new SlackChannelSettings { TeamIds = ["T0FAILING"] } },
        };
        await store.CreateTenantAsync(new Tenant(TenantId.Parse("slack-failing"), "Failing model", settings, false, now, now),
            new TenantSecretChanges { SlackBotToken = new("xoxb-5-failing"), ModelApiKey = new("sk-unused") }, AuditActor.System, TestContext.Current.CancellationToken);

        var channel = fixture.NewId("D");
        using var response = await DeliverAsync(fixture.Host, Event("T0FAILING", fixture.NewId("Ev"), DirectMessage(fixture.NewId("U"), channel, "1700001300.000100", "Will this work?")), AppSigningSecret);

        var finished = await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        Assert.Contains(":warning: Sorry, I could not finish this reply", finished.Arg("markdown_text"), StringComparison.Ordinal);
        Assert.EndsWith("Your message is saved; please ask again.", finished.Arg("markdown_text"), StringComparison.Ordinal);
        var buttons = finished.Body["blocks"]!.AsArray().Single(block => (string?)block!["type"] == "actions")!["elements"]!.AsArray();
        Assert.Equal(["coachbot_new_conversation"], buttons.Select(button => (string?)button!["action_id"]));
    }
}
