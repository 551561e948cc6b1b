using System.Text;
using CoachBot.Conversations;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Support;

/// <summary>One turn over the hub, for tests about what a reply is grounded in.</summary>
public static class RoleContentTurns
{
    /// <summary>Sends the question as the session's user and returns the completed reply's text and citations.</summary>
    public static async Task<(string Text, IReadOnlyList<Citation> Citations)> AskAsync(TestHost host, string token, string question)
    {
        await using var hub = await host.ConnectAsync(token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var text = new StringBuilder();
        ReplyChunk? last = null;
        await foreach (var chunk in hub.StreamAsync<ReplyChunk>("SendMessage", question, timeout.Token))
        {
            text.Append(chunk.Delta);
            last = chunk;
        }

        Assert.Equal(TurnStatus.Completed, last?.End?.Status);
        return (text.ToString(), last!.End!.Citations);
    }
}
