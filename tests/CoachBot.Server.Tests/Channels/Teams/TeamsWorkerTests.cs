using System.Net;
using CoachBot.Coaching;
using CoachBot.Coaching.Offline;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tests.Channels.Teams;

/// <summary>The background workers: typing while a reply is held, a full queue refusing deliveries, and a shutdown that finishes the work.</summary>
public sealed class TeamsWorkerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_held_reply_keeps_typing_a_full_queue_answers_503_and_shutdown_delivers_what_was_accepted()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Channels:Teams:QueueCapacity"] = "1",
            ["Channels:Teams:TypingInterval"] = "00:00:01",
        };
        await using var fixture = new TeamsHostFixture(
            services => services.AddSingleton<IChatCompletionService>(sp =>
                new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate: 2)),
            settings);
        await fixture.InitializeAsync();
        var gated = (GatedChatModel)fixture.Host.Services.GetRequiredService<IChatCompletionService>();
        var (held, queued, refused) = (TeamsHostFixture.NewConversation(), TeamsHostFixture.NewConversation(), TeamsHostFixture.NewConversation());

        using (var accepted = await fixture.PostAsync(fixture.Message(held, TeamsHostFixture.NewUser(), "What does a data engineer do?", "groupChat")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await gated.Reached.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        await fixture.Connector.WaitForAsync(held, calls => calls.Count(call => call.Type == "typing") >= 2, Patience);

        // The only worker is held: one more activity fits in the queue, the next is refused so the Bot Framework retries it.
        using (var accepted = await fixture.PostAsync(fixture.Message(queued, TeamsHostFixture.NewUser(), "What does a UX designer do?", "groupChat")))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using (var full = await fixture.PostAsync(fixture.Message(refused, TeamsHostFixture.NewUser(), "What does a product manager do?", "groupChat")))
        {
            Assert.NotNull(full.Headers.RetryAfter);
            await ProblemAssert.HasCodeAsync(full, HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
        }

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = fixture.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        var stop = fixture.StopHostAsync();
        await stopping.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        gated.Release.TrySetResult();
        await stop.WaitAsync(Patience, TestContext.Current.CancellationToken);

        foreach (var conversation in new[] { held, queued })
        {
            var calls = fixture.Connector.CallsTo(conversation);
            var reply = Assert.Single(calls, call => call.Type == "message");
            Assert.Same(reply, calls[^1]);
            Assert.DoesNotContain("could not finish", reply.Text, StringComparison.Ordinal);
        }

        Assert.Empty(fixture.Connector.CallsTo(refused));
    }
}
