using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Grounding;
using CoachBot.Coaching.Tests.Prompts;
using CoachBot.Coaching.Tests.Providers;
using static CoachBot.Coaching.Tests.Providers.ProviderTestHost;

namespace CoachBot.Coaching.Tests.Engine;

/// <summary>A real model's reply, streamed by the local OpenAI-compatible server, leaves the engine cleaned.</summary>
public sealed class ReplyCleaningTests : IAsyncLifetime
{
    private OpenAICompatibleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await OpenAICompatibleServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_invented_figure_and_an_unknown_marker_never_leave_the_engine()
    {
        // A salary question gets one section (the page's salary signals), so [3] points at nothing.
        string[] pieces = ["At your level expect USD 110,0", "00–145,000 [1]. Top people", " reach USD 40", "0,000 [", "3]. Negotiate", " with data [1]."];
        _server.Enqueue(ScriptedReply.Stream(pieces));
        await using var services = Build(OpenAICompatible(_server));
        var request = PromptFilesTests.SampleRequest() with { Question = "What salary can I expect?" };

        var outcome = await RunTurnAsync(services, request, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.True(outcome.Failure is null, Describe(outcome.Failure));
        Assert.Equal(
            $"At your level expect USD 110,000–145,000 [1]. Top people reach {ReplyPostProcessor.UnknownFigure}. Negotiate with data [1].",
            outcome.Text);
        Assert.All(outcome.TextDeltas, d => Assert.DoesNotContain("400", d, StringComparison.Ordinal));
        Assert.All(outcome.TextDeltas, d => Assert.DoesNotContain("[3", d, StringComparison.Ordinal));
        var last = outcome.Updates[^1];
        var cited = Assert.Single(last.Citations);
        Assert.Equal(("backend-developer", "salary"), (cited.RoleId, cited.SectionId));
        Assert.Equal(
            [(GroundingCheck.SalaryKind, "USD 400,000", ReplyPostProcessor.Replaced), (GroundingCheck.CitationKind, "[3]", ReplyPostProcessor.Removed)],
            last.Metadata!.Flags.Select(f => (f.Kind, f.Text, f.Action)));
        // The kept figure is one the model was given.
        Assert.Contains("USD 110,000", Assert.Single(_server.Requests).Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_cut_inside_a_figure_fails_the_turn_without_releasing_the_unjudged_tail()
    {
        var partialSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Enqueue(ScriptedReply.CutAfter(["Negotiate with data.", " Some reach USD 400,0"], partialSeen.Task));
        await using var services = Build(OpenAICompatible(_server));

        var outcome = await RunTurnAsync(
            services,
            update =>
            {
                if (update.Delta.Contains("Some reach", StringComparison.Ordinal))
                {
                    partialSeen.TrySetResult();
                }
            },
            Guard(TimeSpan.FromSeconds(30)));

        Assert.IsType<CoachingFailedException>(outcome.Failure);
        Assert.Equal("Negotiate with data. Some reach ", outcome.Text);
    }

    [Fact]
    public async Task Only_the_sections_the_reply_uses_are_cited_in_the_order_it_uses_them()
    {
        _server.Enqueue(ScriptedReply.Stream(["Sharpen the skills [2] before", " the next level [1].", " Good luck."]));
        await using var services = Build(OpenAICompatible(_server));

        var outcome = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.True(outcome.Failure is null, Describe(outcome.Failure));
        Assert.Equal("Sharpen the skills [1] before the next level [2]. Good luck.", outcome.Text);
        Assert.Equal(["hard-skills", "career-levels"], outcome.Updates[^1].Citations.Select(c => c.SectionId));
        Assert.Empty(outcome.Updates[^1].Metadata!.Flags);
    }
}
