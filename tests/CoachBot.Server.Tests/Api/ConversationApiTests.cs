using System.Net;
using System.Net.Http.Json;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Api;

/// <summary>A user's earlier conversations over REST: listed newest first, readable again, and nobody else's.</summary>
public sealed class ConversationApiTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_lists_their_conversations_newest_first_and_reads_an_earlier_one_which_no_one_else_can()
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var client = fixture.Host.AuthorizedClient(session.Token);
        await using (var connection = await fixture.Host.ConnectAsync(session.Token))
        {
            await AskAsync(connection, "How do I grow from junior to mid-level data engineer?");
            await connection.InvokeAsync<string>("StartNewConversation", Cancel);
            await AskAsync(connection, "What should a senior QA engineer learn?");
        }

        var list = (await client.GetFromJsonAsync<ConversationList>("/api/me/conversations", TestHost.Json, Cancel))!.Conversations;
        Assert.Equal(2, list.Count);
        Assert.Equal(("What should a senior QA engineer learn?", true, 2), (list[0].Title, list[0].Current, list[0].MessageCount));
        Assert.Equal(("How do I grow from junior to mid-level data engineer?", false, 2), (list[1].Title, list[1].Current, list[1].MessageCount));
        Assert.True(list[0].LastMessageAt >= list[1].LastMessageAt);

        var earlier = (await client.GetFromJsonAsync<ConversationHistory>($"/api/me/conversations/{list[1].ConversationId}/messages", TestHost.Json, Cancel))!;
        Assert.Equal([MessageRole.User, MessageRole.Assistant], earlier.Messages.Select(m => m.Role));
        Assert.Equal("How do I grow from junior to mid-level data engineer?", earlier.Messages[0].Text);
        Assert.Equal(TurnStatus.Completed, earlier.Messages[1].Status);
        Assert.Single((await client.GetFromJsonAsync<ConversationList>("/api/me/conversations?limit=1", TestHost.Json, Cancel))!.Conversations);

        // Another user of the same tenant gets nothing of it: as absent as a conversation that never was.
        var other = await fixture.Host.CreateSessionAsync();
        using var otherClient = fixture.Host.AuthorizedClient(other.Token);
        await ProblemAssert.HasCodeAsync(await otherClient.GetAsync(new Uri($"/api/me/conversations/{list[1].ConversationId}/messages", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.HasCodeAsync(await otherClient.GetAsync(new Uri($"/api/me/conversations/{Guid.NewGuid()}/messages", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await otherClient.GetFromJsonAsync<ConversationList>("/api/me/conversations", TestHost.Json, Cancel))!.Conversations);

        await ProblemAssert.HasCodeAsync(await client.GetAsync(new Uri("/api/me/conversations/not-an-id/messages", UriKind.Relative), Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await client.GetAsync(new Uri("/api/me/conversations?limit=0", UriKind.Relative), Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await client.GetAsync(new Uri($"/api/me/conversations/{list[1].ConversationId}/messages?before=x", UriKind.Relative), Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.Http.GetAsync(new Uri("/api/me/conversations", UriKind.Relative), Cancel)).StatusCode);
    }

    private static async Task AskAsync(HubConnection connection, string text)
    {
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", text, Cancel))
        {
            if (chunk.End is not null)
            {
                return;
            }
        }
    }
}
