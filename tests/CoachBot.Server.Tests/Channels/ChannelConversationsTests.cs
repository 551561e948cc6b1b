using System.Net;
using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Channels;
using CoachBot.Server.Tests.Api;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Channels;

/// <summary>The path every chat platform shares: accounts, linking to a widget user, and turns that reach every open client.</summary>
public sealed class ChannelConversationsTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private IChannelConversations Channels => fixture.Host.Services.GetRequiredService<IChannelConversations>();

    [Fact]
    public async Task A_linked_slack_account_shares_the_widget_users_history_and_its_turns_show_live_in_the_widget()
    {
        var session = await fixture.Host.CreateSessionAsync();
        var widgetUser = new UserKey(TenantId.Parse(session.TenantId), UserId.Parse(session.UserId));
        using var client = fixture.Host.AuthorizedClient(session.Token);
        var account = new ChannelAccount(TurnChannels.Slack, "T" + Guid.NewGuid().ToString("N")[..8], "U0ALICE");

        var ownUser = await Channels.ResolveUserAsync(widgetUser.Tenant, account, Cancel);
        Assert.NotEqual(widgetUser, ownUser);

        var code = (await (await client.PostAsync(new Uri("/api/me/channel-links", UriKind.Relative), null, Cancel))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ChannelLinkCode>(TestHost.Json, Cancel))!;
        Assert.InRange(code.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));
        var linked = await Channels.LinkAsync(widgetUser.Tenant, account, code.Code, Cancel);
        Assert.Equal(ChannelLinkResult.Success(widgetUser), linked);
        Assert.Equal(widgetUser, await Channels.ResolveUserAsync(widgetUser.Tenant, account, Cancel));
        Assert.Equal(ErrorCodes.LinkCodeInvalid, (await Channels.LinkAsync(widgetUser.Tenant, account with { ExternalUserId = "U0BOB" }, code.Code, Cancel)).ErrorCode);

        await using var widget = await fixture.Host.ConnectAsync(session.Token);
        var told = new TaskCompletionSource<TurnStarted>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = widget.On<TurnStarted>("TurnStarted", started => told.TrySetResult(started));

        var started = await Channels.StartTurnAsync(widgetUser, account, "How do I become a data engineer?", new ChannelAddress(TurnChannels.Slack, "T0TEAM", "D0DM"), Cancel);
        var seen = await told.Task.WaitAsync(Patience, Cancel);
        Assert.Equal((started.TurnId, TurnChannels.Slack), (seen.TurnId, seen.Channel));

        var reply = "";
        TurnEnd? end = null;
        await foreach (var chunk in Channels.WatchAsync(widgetUser, started.TurnId, Cancel))
        {
            reply += chunk.Delta;
            end = chunk.End ?? end;
        }

        Assert.Equal(TurnStatus.Completed, end?.Status);
        var history = (await client.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!;
        Assert.Equal(["How do I become a data engineer?", reply], history.Messages.Select(m => m.Text));
        Assert.All(history.Messages, message => Assert.Equal(TurnChannels.Slack, message.Channel));

        var links = await client.GetFromJsonAsync<LinkedAccount[]>("/api/me/channel-links", TestHost.Json, Cancel);
        Assert.Equal([(account.Channel, account.WorkspaceId, account.ExternalUserId)], links!.Select(l => (l.Channel, l.WorkspaceId, l.ExternalUserId)));
    }

    [Fact]
    public async Task Unlinking_gives_the_account_its_own_user_back_and_only_the_linked_user_can_unlink_it()
    {
        var session = await fixture.Host.CreateSessionAsync();
        var stranger = await fixture.Host.CreateSessionAsync();
        var widgetUser = new UserKey(TenantId.Parse(session.TenantId), UserId.Parse(session.UserId));
        using var client = fixture.Host.AuthorizedClient(session.Token);
        using var strangerClient = fixture.Host.AuthorizedClient(stranger.Token);
        var account = new ChannelAccount(TurnChannels.Teams, Guid.NewGuid().ToString("D"), "29:1abc");
        var own = await Channels.ResolveUserAsync(widgetUser.Tenant, account, Cancel);
        var code = (await (await client.PostAsync(new Uri("/api/me/channel-links", UriKind.Relative), null, Cancel))
            .Content.ReadFromJsonAsync<ChannelLinkCode>(TestHost.Json, Cancel))!;
        Assert.True((await Channels.LinkAsync(widgetUser.Tenant, account, code.Code, Cancel)).Linked);

        var query = $"/api/me/channel-links?channel=teams&workspaceId={account.WorkspaceId}&externalUserId={Uri.EscapeDataString(account.ExternalUserId)}";
        using (var refused = await strangerClient.DeleteAsync(new Uri(query, UriKind.Relative), Cancel))
        {
            await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        Assert.Equal(widgetUser, await Channels.ResolveUserAsync(widgetUser.Tenant, account, Cancel));
        using (var unlinked = await client.DeleteAsync(new Uri(query, UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, unlinked.StatusCode);
        }

        Assert.Equal(own, await Channels.ResolveUserAsync(widgetUser.Tenant, account, Cancel));
        Assert.False(await Channels.UnlinkAsync(widgetUser.Tenant, account, Cancel));
        using var missing = await client.DeleteAsync(new Uri("/api/me/channel-links?channel=teams", UriKind.Relative), Cancel);
        await ProblemAssert.HasCodeAsync(missing, HttpStatusCode.BadRequest, ErrorCodes.InvalidArgument);
    }

    [Fact]
    public async Task A_widget_message_is_announced_to_the_users_other_connections_but_not_to_the_one_that_sent_it()
    {
        var session = await fixture.Host.CreateSessionAsync();
        await using var sender = await fixture.Host.ConnectAsync(session.Token);
        await using var otherTab = await fixture.Host.ConnectAsync(session.Token);
        var senderTold = 0;
        using var senderSubscription = sender.On<TurnStarted>("TurnStarted", _ => Interlocked.Increment(ref senderTold));
        var otherTold = new TaskCompletionSource<TurnStarted>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var otherSubscription = otherTab.On<TurnStarted>("TurnStarted", started => otherTold.TrySetResult(started));

        TurnId? turnId = null;
        await foreach (var chunk in sender.StreamAsync<ReplyChunk>("SendMessage", "What does a staff engineer do?", Cancel))
        {
            turnId ??= chunk.TurnId;
        }

        var seen = await otherTold.Task.WaitAsync(Patience, Cancel);
        Assert.Equal((turnId, TurnChannels.Widget), (seen.TurnId, seen.Channel));

        // A round trip on the sender's connection after the turn ended: a notification sent to it would have arrived first.
        await sender.InvokeAsync<string?>("GetActiveTurn", Cancel);
        Assert.Equal(0, senderTold);
    }
}
