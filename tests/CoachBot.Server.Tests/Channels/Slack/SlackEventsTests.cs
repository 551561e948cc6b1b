using System.Net;
using System.Text.Json.Nodes;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;
using static CoachBot.Server.Tests.Channels.Slack.SlackHostFixture;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>Events API deliveries end to end: verification, the streamed reply in the thread, and redeliveries answered once.</summary>
public sealed class SlackEventsTests(SlackHostFixture fixture) : IClassFixture<SlackHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Url_verification_is_answered_with_the_challenge_only_when_signed()
    {
        var check = new JsonObject { ["token"] = "unused", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" }.ToJsonString();

        using (var answered = await fixture.Host.Http.SendAsync(Signed("/api/slack/events", check, "application/json", AppSigningSecret), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await answered.Content.ReadAsStringAsync(Cancel));
        }

        // A tenant's own app names its tenant in the request URL, so its own signing secret can be used.
        using (var own = await fixture.Host.Http.SendAsync(Signed("/api/slack/events?tenant=default", check, "application/json", TenantSigningSecret), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var unnamed = await fixture.Host.Http.SendAsync(Signed("/api/slack/events", check, "application/json", TenantSigningSecret), Cancel))
        {
            await ProblemAssert.HasCodeAsync(unnamed, HttpStatusCode.Unauthorized, "slack_signature_invalid");
        }

        using var unsigned = await fixture.Host.Http.PostAsync(new Uri("/api/slack/events", UriKind.Relative), new StringContent(check), Cancel);
        await ProblemAssert.HasCodeAsync(unsigned, HttpStatusCode.Unauthorized, "slack_signature_invalid");
    }

    [Fact]
    public async Task A_direct_message_is_answered_in_its_thread_by_streaming_and_the_reply_is_the_stored_one()
    {
        var (user, channel, ts) = (fixture.NewId("U"), fixture.NewId("D"), "1700000100.000100");
        using (var response = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(user, channel, ts, "How do I become a staff engineer?")), TenantSigningSecret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        var calls = fixture.Slack.CallsIn(channel);
        Assert.Equal("chat.startStream", calls[0].Method);
        Assert.Equal((ts, user, StreamingTeam), (calls[0].Arg("thread_ts"), calls[0].Arg("recipient_user_id"), calls[0].Arg("recipient_team_id")));
        Assert.All(calls, call => Assert.Equal("Bearer " + StreamingToken, call.Authorization));
        Assert.All(calls, call => Assert.Equal(calls[0].Arg("channel"), call.Arg("channel")));
        var appends = calls.Where(call => call.Method == "chat.appendStream").ToList();
        Assert.NotEmpty(appends);
        Assert.Equal("chat.stopStream", calls[^1].Method);
        Assert.Equal(calls.Count, appends.Count + 2);

        var streamed = string.Concat(appends.Select(call => call.Arg("markdown_text")).Append(calls[^1].Arg("markdown_text")));
        var history = await HistoryAsync(StreamingTeam, user);
        Assert.Equal(["How do I become a staff engineer?", streamed], history.Messages.Select(message => message.Text));
        Assert.All(history.Messages, message => Assert.Equal(TurnChannels.Slack, message.Channel));

        // About one update per interval: never two appends closer than the configured 200 ms (some slack for clocks).
        Assert.All(appends.Zip(appends.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(150), $"{pair.Second.At - pair.First.At}"));

        var buttons = calls[^1].Body["blocks"]!.AsArray().Single(block => (string?)block!["type"] == "actions")!["elements"]!.AsArray();
        Assert.Equal(
            [("coachbot_feedback_up", history.Messages[1].TurnId.ToString()), ("coachbot_feedback_down", history.Messages[1].TurnId.ToString()), ("coachbot_new_conversation", "new")],
            buttons.Select(button => ((string)button!["action_id"]!, (string)button["value"]!)));
    }

    [Fact]
    public async Task A_mention_in_a_thread_is_answered_in_that_thread_without_the_mention()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("C"));
        var mention = new JsonObject
        {
            ["type"] = "app_mention",
            ["user"] = user,
            ["channel"] = channel,
            ["ts"] = "1700000200.000200",
            ["thread_ts"] = "1700000100.000100",
            ["text"] = $"<@{BotUser}> What skills does a data engineer need &amp; why?",
        };
        using var response = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), mention), TenantSigningSecret);

        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        Assert.Equal("1700000100.000100", fixture.Slack.CallsIn(channel)[0].Arg("thread_ts"));
        Assert.Equal("What skills does a data engineer need & why?", (await HistoryAsync(StreamingTeam, user)).Messages[0].Text);
    }

    [Fact]
    public async Task Unsigned_expired_altered_and_wrongly_signed_deliveries_are_refused_with_401_and_never_answered()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("D"));
        var delivery = Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(user, channel, "1700000300.000300", "Refused?")).ToJsonString();

        using (var unsigned = await fixture.Host.Http.PostAsync(new Uri("/api/slack/events", UriKind.Relative), new StringContent(delivery), Cancel))
        {
            await ProblemAssert.HasCodeAsync(unsigned, HttpStatusCode.Unauthorized, "slack_signature_invalid");
        }

        var sixMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds();
        using (var expired = await fixture.Host.Http.SendAsync(Signed("/api/slack/events", delivery, "application/json", TenantSigningSecret, sixMinutesAgo), Cancel))
        {
            await ProblemAssert.HasCodeAsync(expired, HttpStatusCode.Unauthorized, "slack_request_expired");
        }

        using (var request = Signed("/api/slack/events", delivery, "application/json", TenantSigningSecret))
        {
            // Same headers, one byte of the body changed.
            request.Content = new StringContent(delivery.Replace("Refused?", "Refused!", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
            using var altered = await fixture.Host.Http.SendAsync(request, Cancel);
            await ProblemAssert.HasCodeAsync(altered, HttpStatusCode.Unauthorized, "slack_signature_invalid");
        }

        using (var wrong = await fixture.Host.Http.SendAsync(Signed("/api/slack/events", delivery, "application/json", "someoneelsessecret0123456789abcd"), Cancel))
        {
            await ProblemAssert.HasCodeAsync(wrong, HttpStatusCode.Unauthorized, "slack_signature_invalid");
        }

        // Another tenant's workspace is signed with that tenant's secret only: the default tenant's secret does not pass for it.
        var foreign = Event(UpdateTeam, fixture.NewId("Ev"), DirectMessage(user, channel, "1700000300.000301", "Cross?")).ToJsonString();
        using (var cross = await fixture.Host.Http.SendAsync(Signed("/api/slack/events", foreign, "application/json", TenantSigningSecret), Cancel))
        {
            await ProblemAssert.HasCodeAsync(cross, HttpStatusCode.Unauthorized, "slack_signature_invalid");
        }

        // Deliveries are handled in order, so once this one is answered any refused one would have been too.
        using var valid = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(user, channel, "1700000300.000302", "Accepted?")), TenantSigningSecret);
        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        Assert.Equal(["1700000300.000302"], fixture.Slack.CallsIn(channel).Where(c => c.Method == "chat.startStream").Select(c => c.Arg("thread_ts")));
        Assert.Equal(["Accepted?"], (await HistoryAsync(StreamingTeam, user)).Messages.Where(m => m.Role == MessageRole.User).Select(m => m.Text));
    }

    [Fact]
    public async Task A_retried_or_replayed_delivery_is_acknowledged_but_answered_once()
    {
        var (user, channel, eventId) = (fixture.NewId("U"), fixture.NewId("D"), fixture.NewId("Ev"));
        var delivery = Event(StreamingTeam, eventId, DirectMessage(user, channel, "1700000400.000400", "Answer me once"));
        using var request = Signed("/api/slack/events", delivery.ToJsonString(), "application/json", TenantSigningSecret);
        var (timestamp, signature) = (request.Headers.GetValues("X-Slack-Request-Timestamp").Single(), request.Headers.GetValues("X-Slack-Signature").Single());
        using (var first = await fixture.Host.Http.SendAsync(request, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var retried = await DeliverAsync(fixture.Host, delivery, TenantSigningSecret, retry: 1))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }

        // The very same signed bytes sent again within the five minutes: genuine, so acknowledged, and still answered once.
        using (var replay = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/slack/events", UriKind.Relative)) { Content = new StringContent(delivery.ToJsonString(), System.Text.Encoding.UTF8, "application/json") })
        {
            replay.Headers.Add("X-Slack-Request-Timestamp", timestamp);
            replay.Headers.Add("X-Slack-Signature", signature);
            using var replayed = await fixture.Host.Http.SendAsync(replay, Cancel);
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        }

        await AnsweredAfterAsync(fixture.Host);
        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        Assert.Single(fixture.Slack.CallsIn(channel), call => call.Method == "chat.startStream");
        Assert.Single((await HistoryAsync(StreamingTeam, user)).Messages, message => message.Role == MessageRole.User);
    }

    [Fact]
    public async Task A_delivery_and_its_retry_reaching_two_hosts_on_one_database_are_answered_once()
    {
        await using var second = await TestHost.StartAsync(fixture.DataDirectory, settings: fixture.Settings);
        var (user, channel, eventId) = (fixture.NewId("U"), fixture.NewId("D"), fixture.NewId("Ev"));
        var delivery = Event(StreamingTeam, eventId, DirectMessage(user, channel, "1700000500.000500", "One answer across hosts"));

        var both = await Task.WhenAll(DeliverAsync(fixture.Host, delivery, TenantSigningSecret), DeliverAsync(second, delivery, TenantSigningSecret, retry: 1));
        Assert.All(both, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var response in both)
        {
            response.Dispose();
        }

        await Task.WhenAll(AnsweredAfterAsync(fixture.Host), AnsweredAfterAsync(second));
        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        Assert.Single(fixture.Slack.CallsIn(channel), call => call.Method == "chat.startStream");
    }

    [Fact]
    public async Task The_bots_own_messages_edits_other_subtypes_and_channel_chatter_are_ignored()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("D"));
        JsonObject Message(string ts) => DirectMessage(user, channel, ts, "Ignore me");
        var ignored = new[]
        {
            Message("1700000600.000001").Also(m => m["bot_id"] = "B0COACHBOT"),
            Message("1700000600.000002").Also(m => m["user"] = BotUser),
            Message("1700000600.000003").Also(m => m["subtype"] = "message_changed"),
            Message("1700000600.000004").Also(m => m["edited"] = new JsonObject { ["user"] = user, ["ts"] = "1700000600.000005" }),
            Message("1700000600.000006").Also(m => m["channel_type"] = "channel"),
        };
        foreach (var message in ignored)
        {
            using var response = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), message), TenantSigningSecret);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var answered = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(user, channel, "1700000600.000007", "Answer me")), TenantSigningSecret);
        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        Assert.Equal(["1700000600.000007"], fixture.Slack.CallsIn(channel).Where(c => c.Method == "chat.startStream").Select(c => c.Arg("thread_ts")));
    }

    [Fact]
    public async Task A_workspace_no_tenant_has_is_acknowledged_without_retry_and_not_answered()
    {
        var channel = fixture.NewId("D");
        using var response = await DeliverAsync(fixture.Host, Event("T0NOBODY", fixture.NewId("Ev"), DirectMessage(fixture.NewId("U"), channel, "1700000700.000700", "Hello?")), AppSigningSecret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("X-Slack-No-Retry").Single());
        await AnsweredAfterAsync(fixture.Host);
        Assert.Empty(fixture.Slack.CallsIn(channel));
    }

    /// <summary>Delivers a message of its own and waits for its reply: with one worker, everything delivered before it was handled.</summary>
    private async Task AnsweredAfterAsync(TestHost host)
    {
        var channel = fixture.NewId("D");
        using var response = await DeliverAsync(host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(fixture.NewId("U"), channel, "1700009999.000001", "Hi")), TenantSigningSecret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
    }

    private Task<ConversationHistory> HistoryAsync(string team, string slackUser) => fixture.HistoryOfAsync(team, slackUser);
}

internal static class JsonObjectChanges
{
    /// <summary>The object after <paramref name="change"/>, for building variations inline.</summary>
    public static JsonObject Also(this JsonObject value, Action<JsonObject> change)
    {
        change(value);
        return value;
    }
}
