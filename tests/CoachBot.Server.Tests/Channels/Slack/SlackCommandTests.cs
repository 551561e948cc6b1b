using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Channels;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static CoachBot.Server.Tests.Channels.Slack.SlackHostFixture;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>The /coach slash command, linking to the widget user, and the buttons under replies.</summary>
public sealed class SlackCommandTests(SlackHostFixture fixture) : IClassFixture<SlackHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_linked_person_sees_one_history_in_slack_and_the_widget_and_the_widget_is_told_of_slack_turns()
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var widget = fixture.Host.AuthorizedClient(session.Token);
        var code = (await (await widget.PostAsync(new Uri("/api/me/channel-links", UriKind.Relative), null, Cancel))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ChannelLinkCode>(TestHost.Json, Cancel))!;
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("D"));

        Assert.StartsWith("That code is unknown", await CommandAsync(user, channel, "link NOTACODE"), StringComparison.Ordinal);
        Assert.StartsWith(":white_check_mark: Linked", await CommandAsync(user, channel, "link " + code.Code), StringComparison.Ordinal);

        await using var tab = await fixture.Host.ConnectAsync(session.Token);
        var told = new TaskCompletionSource<TurnStarted>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = tab.On<TurnStarted>("TurnStarted", started => told.TrySetResult(started));

        using var response = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(user, channel, "1700002000.000100", "How do I become a data engineer?")), TenantSigningSecret);
        var started = await told.Task.WaitAsync(Patience, Cancel);
        Assert.Equal(TurnChannels.Slack, started.Channel);
        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);

        var history = (await widget.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!;
        Assert.Equal(["How do I become a data engineer?", Streamed(channel)], history.Messages.Select(m => m.Text));
        Assert.All(history.Messages, message => Assert.Equal((started.TurnId, TurnChannels.Slack), (message.TurnId, message.Channel)));

        Assert.StartsWith("Unlinked", await CommandAsync(user, channel, "unlink"), StringComparison.Ordinal);
        Assert.StartsWith("This Slack account is not linked", await CommandAsync(user, channel, "unlink"), StringComparison.Ordinal);
        var own = await fixture.UserOfAsync(StreamingTeam, user);
        Assert.NotEqual(session.UserId, own.User.Value);
    }

    [Fact]
    public async Task A_question_by_slash_command_is_posted_and_answered_in_its_thread()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("C"));
        Assert.StartsWith("On it", await CommandAsync(user, channel, "What should a junior devops engineer learn first?"), StringComparison.Ordinal);

        await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        var calls = fixture.Slack.CallsIn(channel);
        Assert.Equal(("chat.postMessage", null, $"<@{user}> asked: What should a junior devops engineer learn first?"), (calls[0].Method, calls[0].Arg("thread_ts"), calls[0].Arg("text")));
        Assert.Equal("chat.startStream", calls[1].Method);
        Assert.Matches(@"^[0-9]+\.[0-9]{6}$", calls[1].Arg("thread_ts"));
    }

    [Fact]
    public async Task A_question_in_a_channel_the_bot_is_not_in_is_answered_through_the_response_url_only_when_it_is_slacks()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("C"));
        fixture.Slack.ChannelsWithoutBot[channel] = true;
        Assert.StartsWith("On it", await CommandAsync(user, channel, "How do I become a principal engineer?", responseUrl: fixture.Slack.ResponseUrl("elsewhere").ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal)), StringComparison.Ordinal);
        var hook = fixture.NewId("H");
        Assert.StartsWith("On it", await CommandAsync(user, channel, "How do I become a principal engineer?", responseUrl: fixture.Slack.ResponseUrl(hook).ToString()), StringComparison.Ordinal);

        var told = await fixture.Slack.WaitForAsync(call => call.Method == "response_url" && call.Hook == hook, Patience);
        Assert.Equal("ephemeral", told.Arg("response_type"));
        Assert.Contains("/invite @CoachBot", told.Arg("text"), StringComparison.Ordinal);
        // Handled in order: the first command, whose response URL is on a host not allowed, was not answered there.
        Assert.DoesNotContain(fixture.Slack.Calls, call => call.Hook == "elsewhere");
        Assert.Equal(2, fixture.Slack.CallsIn(channel).Count(call => call.Method == "chat.postMessage"));
    }

    [Fact]
    public async Task Help_new_and_an_unconnected_workspace_answer_at_once()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("D"));
        Assert.Contains("/coach link CODE", await CommandAsync(user, channel, ""), StringComparison.Ordinal);
        Assert.Contains("/coach link CODE", await CommandAsync(user, channel, "HELP"), StringComparison.Ordinal);
        Assert.StartsWith("Started a new conversation", await CommandAsync(user, channel, "new"), StringComparison.Ordinal);
        Assert.StartsWith("This Slack workspace is not connected", await CommandAsync(user, channel, "help", team: "T0NOBODY", secret: AppSigningSecret), StringComparison.Ordinal);

        using var unsigned = await fixture.Host.Http.PostAsync(new Uri("/api/slack/commands", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["team_id"] = StreamingTeam, ["user_id"] = user, ["channel_id"] = channel, ["text"] = "help" }), Cancel);
        await ProblemAssert.HasCodeAsync(unsigned, HttpStatusCode.Unauthorized, "slack_signature_invalid");
    }

    [Fact]
    public async Task Feedback_buttons_rate_the_reply_and_new_conversation_starts_afresh()
    {
        var (user, channel) = (fixture.NewId("U"), fixture.NewId("D"));
        using var response = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(user, channel, "1700002100.000100", "How do I prepare for a system design interview?")), TenantSigningSecret);
        var finished = await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        var turnId = (string)finished.Body["blocks"]!.AsArray()[^1]!["elements"]![0]!["value"]!;

        await ClickAsync(user, channel, "coachbot_feedback_down", turnId);
        var thanks = await fixture.Slack.WaitForAsync(call => call.Method == "chat.postEphemeral" && call.Arg("channel") == channel, Patience);
        Assert.Equal(user, thanks.Arg("user"));
        Assert.StartsWith("Thanks for telling me", thanks.Arg("text"), StringComparison.Ordinal);

        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        var person = await fixture.UserOfAsync(StreamingTeam, user);
        var before = await grains.GetUserGrain(person).GetHistoryAsync(10);
        Assert.Equal(new TurnId(Guid.Parse(turnId)), before.Messages[^1].TurnId);

        await ClickAsync(user, channel, "coachbot_new_conversation", "new");
        await fixture.Slack.WaitForAsync(call => call.Method == "chat.postEphemeral" && call.Arg("channel") == channel && call.Arg("text")!.StartsWith("Started", StringComparison.Ordinal), Patience);
        var after = await grains.GetUserGrain(person).GetHistoryAsync(10);
        Assert.NotEqual(before.ConversationId, after.ConversationId);
        Assert.Empty(after.Messages);
    }

    [Fact]
    public async Task Nobody_rates_a_reply_that_is_not_theirs_whether_in_the_same_workspace_or_another_tenants()
    {
        var (owner, channel) = (fixture.NewId("U"), fixture.NewId("D"));
        using var response = await DeliverAsync(fixture.Host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(owner, channel, "1700002200.000100", "What is a staff engineer?")), TenantSigningSecret);
        var finished = await fixture.Slack.WaitForFinishedReplyAsync(channel, Patience);
        var turnId = (string)finished.Body["blocks"]!.AsArray()[^1]!["elements"]![0]!["value"]!;

        var (colleague, stranger) = (fixture.NewId("U"), fixture.NewId("U"));
        var (colleagueChannel, strangerChannel) = (fixture.NewId("D"), fixture.NewId("D"));
        await ClickAsync(colleague, colleagueChannel, "coachbot_feedback_up", turnId);
        await ClickAsync(stranger, strangerChannel, "coachbot_feedback_up", turnId, UpdateTeam, AppSigningSecret);

        foreach (var (user, where) in new[] { (colleague, colleagueChannel), (stranger, strangerChannel) })
        {
            var answer = await fixture.Slack.WaitForAsync(call => call.Method == "chat.postEphemeral" && call.Arg("channel") == where, Patience);
            Assert.Equal(user, answer.Arg("user"));
            Assert.StartsWith(":warning:", answer.Arg("text"), StringComparison.Ordinal);
        }
    }

    private string Streamed(string channel) => string.Concat(fixture.Slack.CallsIn(channel)
        .Where(call => call.Method is "chat.appendStream" or "chat.stopStream" && !call.RateLimited).Select(call => call.Arg("markdown_text")));

    private async Task<string> CommandAsync(
        string user, string channel, string text, string team = StreamingTeam, string secret = TenantSigningSecret, string responseUrl = "https://hooks.slack.example/commands/1")
    {
        using var response = await PostFormAsync(fixture.Host, "/api/slack/commands", new Dictionary<string, string>
        {
            ["token"] = "unused",
            ["team_id"] = team,
            ["team_domain"] = "coachbot-test",
            ["channel_id"] = channel,
            ["user_id"] = user,
            ["command"] = "/coach",
            ["text"] = text,
            ["response_url"] = responseUrl,
            ["trigger_id"] = "1.2.3",
        }, secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("ephemeral", reply.RootElement.GetProperty("response_type").GetString());
        return reply.RootElement.GetProperty("text").GetString()!;
    }

    private async Task ClickAsync(string user, string channel, string actionId, string value, string team = StreamingTeam, string secret = TenantSigningSecret)
    {
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "block_actions",
            ["team"] = new System.Text.Json.Nodes.JsonObject { ["id"] = team, ["domain"] = "coachbot-test" },
            ["user"] = new System.Text.Json.Nodes.JsonObject { ["id"] = user, ["team_id"] = team },
            ["channel"] = new System.Text.Json.Nodes.JsonObject { ["id"] = channel },
            ["message"] = new System.Text.Json.Nodes.JsonObject { ["ts"] = "1700002100.000200", ["thread_ts"] = "1700002100.000100" },
            ["actions"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["action_id"] = actionId, ["value"] = value, ["type"] = "button" }),
        };
        using var response = await PostFormAsync(fixture.Host, "/api/slack/interactivity", new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }, secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
