using CoachBot.Conversations;
using CoachBot.Server.Channels;
using CoachBot.Server.Tests.Channels.Slack;
using CoachBot.Server.Tests.Channels.Teams;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Realtime;

/// <summary>A coach's message reaches a person who last wrote from Slack or Teams in that conversation, through the platform's fakes.</summary>
public sealed class ConsoleHubChannelTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coach_message_to_a_slack_user_is_posted_in_the_thread_of_their_last_message()
    {
        await using var slack = new SlackHostFixture();
        await slack.InitializeAsync();
        var (slackUser, channel, ts) = (slack.NewId("U"), slack.NewId("D"), "1700000200.000100");
        using (var delivered = await SlackHostFixture.DeliverAsync(slack.Host,
            SlackHostFixture.Event(SlackHostFixture.StreamingTeam, slack.NewId("Ev"), SlackHostFixture.DirectMessage(slackUser, channel, ts, "How do I become a staff engineer?")),
            SlackHostFixture.TenantSigningSecret))
        {
            delivered.EnsureSuccessStatusCode();
        }

        await slack.Slack.WaitForFinishedReplyAsync(channel, Bound);
        var user = await slack.UserOfAsync(SlackHostFixture.StreamingTeam, slackUser);
        await slack.Host.Services.GetRequiredService<IConsentStore>().SetCoachingReviewConsentAsync(user, true, DateTimeOffset.UtcNow, Cancel);

        await using var coach = await slack.Host.ConnectAsync(slack.Staff.Mint("coach-ann", "default", ["coach"], name: "Ann"), "/hubs/console");
        var sent = await coach.InvokeAsync<CoachMessage>("SendCoachMessage", user.User.Value, "I'll review your plan with you on Friday.", Cancel);

        var posted = await slack.Slack.WaitForAsync(call => call.Method == "chat.postMessage" && call.Arg("channel") == channel && call.Arg("text")?.Contains("Coach Ann", StringComparison.Ordinal) == true, Bound);
        Assert.Equal(ts, posted.Arg("thread_ts"));
        Assert.Equal("Bearer " + SlackHostFixture.StreamingToken, posted.Authorization);
        Assert.Contains(sent.Text, posted.Arg("text"), StringComparison.Ordinal);
        var history = await slack.HistoryOfAsync(SlackHostFixture.StreamingTeam, slackUser);
        Assert.Equal((MessageRole.Coach, sent.Text), (history.Messages[^1].Role, history.Messages[^1].Text));
    }

    [Fact]
    public async Task A_coach_message_to_a_teams_user_is_sent_to_their_teams_conversation()
    {
        var staff = new Support.StaffTokenIssuer();
        await using var teams = new TeamsHostFixture(null, staff.HostSettings);
        await teams.InitializeAsync();
        var (conversation, aad) = (TeamsHostFixture.NewConversation(), TeamsHostFixture.NewUser());
        using (var accepted = await teams.PostAsync(teams.Message(conversation, aad, "How do I become a data engineer?")))
        {
            accepted.EnsureSuccessStatusCode();
        }

        await teams.Connector.WaitForAsync(conversation, calls => calls.Any(call => call.Type == "message"), Bound);
        var user = await teams.Host.Services.GetRequiredService<IChannelConversations>().ResolveUserAsync(
            teams.Tenant, new ChannelAccount(TurnChannels.Teams, TeamsHostFixture.EntraTenantId, aad), Cancel);
        await teams.Host.Services.GetRequiredService<IConsentStore>().SetCoachingReviewConsentAsync(user, true, DateTimeOffset.UtcNow, Cancel);

        await using var coach = await teams.Host.ConnectAsync(staff.Mint("coach-ann", "default", ["coach"], name: "Ann"), "/hubs/console");
        var sent = await coach.InvokeAsync<CoachMessage>("SendCoachMessage", user.User.Value, "I'll review your plan with you on Friday.", Cancel);

        var calls = await teams.Connector.WaitForAsync(conversation, calls => calls.Any(call => call.Text?.Contains("Coach Ann", StringComparison.Ordinal) == true), Bound);
        var posted = calls.Single(call => call.Text?.Contains("Coach Ann", StringComparison.Ordinal) == true);
        Assert.Equal(("message", true), (posted.Type, posted.Succeeded));
        Assert.Contains(sent.Text, posted.Text, StringComparison.Ordinal);
    }
}
