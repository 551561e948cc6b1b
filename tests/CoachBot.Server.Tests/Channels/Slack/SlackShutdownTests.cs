using CoachBot.Server.Tests.Support;
using static CoachBot.Server.Tests.Channels.Slack.SlackHostFixture;

namespace CoachBot.Server.Tests.Channels.Slack;

/// <summary>Stopping a host: the reply being written is finished, and messages not yet started are handed back.</summary>
public sealed class SlackShutdownTests(SlackHostFixture fixture) : IClassFixture<SlackHostFixture>
{
    [Fact]
    public async Task Stopping_the_host_finishes_the_running_reply_and_hands_back_the_queued_message()
    {
        var host = await TestHost.StartAsync(fixture.DataDirectory, settings: fixture.Settings);
        var (running, queued) = (fixture.NewId("D"), fixture.NewId("D"));
        var user = fixture.NewId("U");
        try
        {
            using var first = await DeliverAsync(host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(user, running, "1700004000.000100", "How do I become a tech lead?")), TenantSigningSecret);
            await fixture.Slack.WaitForAsync(call => call.Arg("channel") == running && call.Method == "chat.appendStream", TimeSpan.FromSeconds(30));
            // One worker: this one waits in the queue while the first reply is written.
            using var second = await DeliverAsync(host, Event(StreamingTeam, fixture.NewId("Ev"), DirectMessage(fixture.NewId("U"), queued, "1700004000.000200", "And then?")), TenantSigningSecret);
        }
        finally
        {
            await host.DisposeAsync();
        }

        // Nothing is awaited after the stop: whatever the queue did, it did before the host finished stopping.
        var finished = fixture.Slack.CallsIn(running);
        Assert.Equal("chat.stopStream", finished[^1].Method);
        Assert.DoesNotContain("cut off", finished[^1].Arg("markdown_text") ?? "", StringComparison.Ordinal);
        var history = await fixture.HistoryOfAsync(StreamingTeam, user);
        Assert.Equal(Conversations.TurnStatus.Completed, history.Messages[^1].Status);

        var handedBack = Assert.Single(fixture.Slack.CallsIn(queued));
        Assert.Equal("chat.postEphemeral", handedBack.Method);
        Assert.StartsWith(":warning: CoachBot is restarting", handedBack.Arg("text"), StringComparison.Ordinal);
    }
}
