using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Channels;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Channels.Teams;

/// <summary>Teams conversations end to end against the local Bot Connector: streaming, single messages, backoff, redelivery, linking.</summary>
public sealed class TeamsConversationTests(TeamsHostFixture fixture) : IClassFixture<TeamsHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private BotConnectorEmulator Connector => fixture.Connector;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_personal_chat_streams_cumulative_updates_then_one_final_message_closing_the_stream()
    {
        var conversation = TeamsHostFixture.NewConversation();
        using (var accepted = await fixture.PostAsync(fixture.Message(conversation, TeamsHostFixture.NewUser(), "How do I become a data engineer? Tell me about the career levels.")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var calls = await Connector.WaitForMessagesAsync(conversation, 1, Patience);
        var informative = calls[0];
        Assert.Equal(("typing", "informative", 1), (informative.Type, informative.StreamInfo?.GetProperty("streamType").GetString(), informative.StreamInfo?.GetProperty("streamSequence").GetInt32()));
        var streamId = informative.Id!;
        var updates = calls.Skip(1).Where(call => call.Type == "typing").ToArray();
        Assert.NotEmpty(updates);
        Assert.All(updates, update =>
        {
            Assert.Equal("streaming", update.StreamInfo?.GetProperty("streamType").GetString());
            Assert.Equal(streamId, update.StreamInfo?.GetProperty("streamId").GetString());
        });
        Assert.Equal(Enumerable.Range(2, updates.Length), updates.Select(u => u.StreamInfo!.Value.GetProperty("streamSequence").GetInt32()));
        for (var i = 1; i < updates.Length; i++)
        {
            Assert.StartsWith(updates[i - 1].Text!, updates[i].Text!, StringComparison.Ordinal);
        }

        var final = Assert.Single(calls, call => call.Type == "message");
        Assert.Same(final, calls[^1]);
        Assert.Equal("final", final.StreamInfo?.GetProperty("streamType").GetString());
        Assert.Equal(streamId, final.StreamInfo?.GetProperty("streamId").GetString());
        Assert.False(final.StreamInfo!.Value.TryGetProperty("streamSequence", out _));
        Assert.StartsWith(updates[^1].Text!, final.Text!, StringComparison.Ordinal);
        Assert.Contains("**Sources**", final.Text, StringComparison.Ordinal);
        Assert.Equal(1, Connector.TokenRequestsFor(TeamsHostFixture.AppId));
    }

    [Fact]
    public async Task The_feedback_buttons_under_a_reply_rate_the_persons_own_turn_only()
    {
        var conversation = TeamsHostFixture.NewConversation();
        var user = TeamsHostFixture.NewUser();
        await SendAsync(conversation, user, "What does a site reliability engineer do?");
        var final = (await Connector.WaitForMessagesAsync(conversation, 1, Patience)).Single(call => call.Type == "message");
        var card = final.Body.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.GetProperty("contentType").GetString());
        var helpful = card.GetProperty("content").GetProperty("actions")[0].GetProperty("data");

        var account = new ChannelAccount(TurnChannels.Teams, TeamsHostFixture.EntraTenantId, user);
        var person = await fixture.Host.Services.GetRequiredService<IChannelConversations>().ResolveUserAsync(fixture.Tenant, account, Cancel);
        var turnId = (await fixture.Host.Services.GetRequiredService<IGrainFactory>().GetUserGrain(person).GetHistoryAsync(10)).Messages[^1].TurnId;
        Assert.Equal(turnId.ToString(), helpful.GetProperty("coachbotFeedback").GetProperty("turnId").GetString());

        await ClickAsync(conversation, TeamsHostFixture.NewUser(), helpful);
        await ClickAsync(conversation, user, helpful);
        var answers = (await Connector.WaitForMessagesAsync(conversation, 3, Patience)).Where(call => call.Type == "message").Skip(1).Select(call => call.Text).ToArray();
        Assert.StartsWith("That rating could not be recorded", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("Thanks for the feedback", answers[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_gets_typing_and_a_single_message_and_the_bots_mention_is_not_part_of_the_question()
    {
        var conversation = TeamsHostFixture.NewConversation() + ";messageid=1700000000000";
        var user = TeamsHostFixture.NewUser();
        var mention = new { type = "mention", text = "<at>Coach</at>", mentioned = new { id = TeamsHostFixture.BotId, name = "Coach" } };
        using (var accepted = await fixture.PostAsync(fixture.Message(conversation, user, "<at>Coach</at> What does a staff engineer do?", "channel", entities: [mention])))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var calls = await Connector.WaitForMessagesAsync(conversation, 1, Patience);
        Assert.Equal("typing", calls[0].Type);
        Assert.All(calls, call => Assert.Null(call.StreamInfo));
        Assert.Single(calls, call => call.Type == "message");

        var account = new ChannelAccount(TurnChannels.Teams, TeamsHostFixture.EntraTenantId, user);
        var person = await fixture.Host.Services.GetRequiredService<IChannelConversations>().ResolveUserAsync(fixture.Tenant, account, Cancel);
        var history = await fixture.Host.Services.GetRequiredService<IGrainFactory>().GetUserGrain(person).GetHistoryAsync(10);
        Assert.Equal("What does a staff engineer do?", history.Messages[0].Text);
        Assert.Equal(TurnChannels.Teams, history.Messages[0].Channel);
        Assert.Equal(1, Connector.TokenRequestsFor(TeamsHostFixture.AppId));
    }

    [Fact]
    public async Task A_throttled_connector_is_waited_for_as_Retry_After_asks_and_the_reply_arrives_once()
    {
        var conversation = TeamsHostFixture.NewConversation();
        Connector.FailNext(conversation, new ScriptedFailure(429, "Throttled", RetryAfterSeconds: 1, ForType: "message"));
        using (var accepted = await fixture.PostAsync(fixture.Message(conversation, TeamsHostFixture.NewUser(), "What skills does a UX designer need?", "groupChat")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var calls = await Connector.WaitForMessagesAsync(conversation, 1, Patience);
        var attempts = calls.Where(call => call.Type == "message").ToArray();
        Assert.Equal([429, 200], attempts.Select(a => a.Status));
        Assert.InRange(attempts[1].At - attempts[0].At, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(30));
        Assert.Equal(attempts[0].Text, attempts[1].Text);
    }

    [Fact]
    public async Task When_Teams_refuses_streaming_the_reply_comes_as_one_message()
    {
        var conversation = TeamsHostFixture.NewConversation();
        Connector.FailNext(conversation, new ScriptedFailure(403, "ContentStreamNotAllowed", ForType: "typing"));
        using (var accepted = await fixture.PostAsync(fixture.Message(conversation, TeamsHostFixture.NewUser(), "How do I move into product management?")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var calls = await Connector.WaitForMessagesAsync(conversation, 1, Patience);
        Assert.Equal(403, calls[0].Status);
        Assert.All(calls.Skip(1), call => Assert.Null(call.StreamInfo));
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(calls, call => call.Type == "message").Text));
    }

    [Fact]
    public async Task A_redelivered_activity_is_answered_once_and_the_bot_greets_once_when_added()
    {
        var conversation = TeamsHostFixture.NewConversation();
        var added = fixture.BotAdded(conversation);
        var message = fixture.Message(conversation, TeamsHostFixture.NewUser(), "What does a data analyst do?", "groupChat");
        foreach (var activity in new[] { added, added, message, message })
        {
            using var accepted = await fixture.PostAsync(activity);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // One worker takes activities in order: once this last one is answered, the redeliveries before it were handled.
        using (var later = await fixture.PostAsync(fixture.Message(conversation, TeamsHostFixture.NewUser(), "unlink", "groupChat")))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        var calls = await Connector.WaitForMessagesAsync(conversation, 3, Patience);
        var messages = calls.Where(call => call.Type == "message").Select(call => call.Text!).ToArray();
        Assert.Equal(3, messages.Length);
        Assert.Contains("link CODE", messages[0], StringComparison.Ordinal);
        Assert.Equal("This Teams account is not linked to a CoachBot web account.", messages[2]);
    }

    [Fact]
    public async Task A_person_who_links_Teams_with_the_widgets_code_sees_one_history_in_both_and_can_unlink()
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var widget = fixture.Host.AuthorizedClient(session.Token);
        var code = (await (await widget.PostAsync(new Uri("/api/me/channel-links", UriKind.Relative), null, Cancel))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ChannelLinkCode>(TestHost.Json, Cancel))!;
        var conversation = TeamsHostFixture.NewConversation();
        var user = TeamsHostFixture.NewUser();

        await SendAsync(conversation, user, "link WRONG999");
        await SendAsync(conversation, user, "link " + code.Code);
        await SendAsync(conversation, user, "How do I become a data engineer?");
        var calls = await Connector.WaitForMessagesAsync(conversation, 3, Patience);
        var messages = calls.Where(call => call.Type == "message" && call.Succeeded).Select(call => call.Text!).ToArray();
        Assert.Contains("unknown, used or expired", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("Linked.", messages[1], StringComparison.Ordinal);

        var history = (await widget.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!;
        Assert.Equal("How do I become a data engineer?", history.Messages[0].Text);
        Assert.Equal(2, history.Messages.Length);
        Assert.StartsWith(history.Messages[1].Text, messages[2], StringComparison.Ordinal);
        Assert.All(history.Messages, message => Assert.Equal(TurnChannels.Teams, message.Channel));

        var links = await widget.GetFromJsonAsync<LinkedAccount[]>("/api/me/channel-links", TestHost.Json, Cancel);
        Assert.Equal([(TurnChannels.Teams, TeamsHostFixture.EntraTenantId, user)], links!.Select(l => (l.Channel, l.WorkspaceId, l.ExternalUserId)));

        await SendAsync(conversation, user, "unlink");
        var afterUnlink = await Connector.WaitForMessagesAsync(conversation, 4, Patience);
        Assert.StartsWith("Unlinked.", afterUnlink.Last(call => call.Type == "message").Text, StringComparison.Ordinal);
        Assert.Empty((await widget.GetFromJsonAsync<LinkedAccount[]>("/api/me/channel-links", TestHost.Json, Cancel))!);

        // Four replies and a streamed answer went out on one cached token.
        Assert.Single(afterUnlink.Select(call => call.Authorization).Distinct());
        Assert.Equal(1, Connector.TokenRequestsFor(TeamsHostFixture.AppId));
    }

    [Fact]
    public async Task The_same_person_writing_to_another_tenants_bot_is_a_different_user_of_that_tenant()
    {
        var conversation = TeamsHostFixture.NewConversation();
        var user = TeamsHostFixture.NewUser();
        var message = fixture.Message(conversation, user, "What does a data analyst do?", activityId: "1" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999));
        var toOtherBot = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(message))!;
        toOtherBot["recipient"] = JsonSerializer.SerializeToElement(new { id = "28:" + TeamsHostFixture.OtherAppId, name = "Coach" });
        using (var accepted = await fixture.PostAsync(toOtherBot, Connector.Mint(TeamsHostFixture.OtherAppId)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await Connector.WaitForMessagesAsync(conversation, 1, Patience);
        Assert.Equal(1, Connector.TokenRequestsFor(TeamsHostFixture.OtherAppId));

        var account = new ChannelAccount(TurnChannels.Teams, TeamsHostFixture.EntraTenantId, user);
        var channels = fixture.Host.Services.GetRequiredService<IChannelConversations>();
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
        var there = await channels.ResolveUserAsync(fixture.OtherTenant, account, Cancel);
        var here = await channels.ResolveUserAsync(fixture.Tenant, account, Cancel);
        Assert.Equal(2, (await grains.GetUserGrain(there).GetHistoryAsync(10)).Messages.Length);
        Assert.Empty((await grains.GetUserGrain(here).GetHistoryAsync(10)).Messages);
    }

    private async Task ClickAsync(string conversation, string user, JsonElement data)
    {
        var click = JsonSerializer.SerializeToElement(fixture.Message(conversation, user, ""));
        var withValue = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(click)!;
        withValue["value"] = data;
        using var accepted = await fixture.PostAsync(withValue);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private async Task SendAsync(string conversation, string user, string text)
    {
        using var accepted = await fixture.PostAsync(fixture.Message(conversation, user, text));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
