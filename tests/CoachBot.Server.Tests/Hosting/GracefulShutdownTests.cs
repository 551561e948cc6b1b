using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using CoachBot.Coaching;
using CoachBot.Coaching.Offline;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tests.Hosting;

/// <summary>A stop asked for while a reply streams: the host ends within its shutdown timeout and nothing is lost.</summary>
public sealed class GracefulShutdownTests
{
    // Far above the host's shutdown timeout: reaching it means the stop hung.
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stop_during_a_streaming_reply_ends_and_keeps_the_streamed_text_marked_interrupted(bool modelHonoursCancellation)
    {
        using var data = new TempFolder();
        GatedChatModel? gated = null;
        var host = await TestHost.StartAsync(data.Path, services => services.AddSingleton<IChatCompletionService>(sp =>
            gated = new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate: 6, modelHonoursCancellation)));
        var session = await host.CreateSessionAsync();
        var connection = await host.ConnectAsync(session.Token);
        var seen = new StringBuilder();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "How do I become a senior backend developer?", Cancel))
                {
                    lock (seen)
                    {
                        seen.Append(chunk.Delta);
                    }

                    first.TrySetResult();
                }

                ended.TrySetResult(null);
            }
            catch (Exception exception)
            {
                ended.TrySetResult(exception);
            }
        }, Cancel);
        await first.Task.WaitAsync(HangBound, Cancel);
        await gated!.Reached.Task.WaitAsync(HangBound, Cancel);

        var stopping = Stopwatch.StartNew();
        await host.DisposeAsync().AsTask().WaitAsync(HangBound, Cancel);
        stopping.Stop();
        await ended.Task.WaitAsync(HangBound, Cancel);
        await reading;
        await connection.DisposeAsync();

        await using var restarted = await TestHost.StartAsync(data.Path);
        using var api = restarted.AuthorizedClient(session.Token);
        var history = await api.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel);
        var reply = Assert.Single(history!.Messages, m => m.Role == MessageRole.Assistant);
        Assert.Equal(TurnStatus.Failed, reply.Status);
        Assert.Equal(ErrorCodes.Interrupted, reply.ErrorCode);
        Assert.NotEmpty(reply.Text);
        string shown;
        lock (seen)
        {
            shown = seen.ToString();
        }

        Assert.StartsWith(shown, reply.Text, StringComparison.Ordinal);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"the stop took longer than the host's shutdown timeout: {stopping.Elapsed}");
    }
}
