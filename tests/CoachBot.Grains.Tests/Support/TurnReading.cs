using System.Text;
using CoachBot.Conversations;

namespace CoachBot.Grains.Tests.Support;

internal static class TurnReading
{
    /// <summary>Reads a turn to its end; bounded so a broken turn fails the test instead of hanging it.</summary>
    public static async Task<(string Text, TurnEnd End, List<ReplyChunk> Chunks)> ReadToEndAsync(this IUserGrain grain, CoachBot.Ids.TurnId turnId, int offset = 0)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var chunks = new List<ReplyChunk>();
        var text = new StringBuilder();
        await foreach (var chunk in grain.WatchTurnAsync(turnId, offset, timeout.Token))
        {
            chunks.Add(chunk);
            text.Append(chunk.Delta);
            if (chunk.End is { } end)
            {
                return (text.ToString(), end, chunks);
            }
        }

        throw new InvalidOperationException("The turn stream ended without an end marker.");
    }
}
