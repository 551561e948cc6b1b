using System.Collections.Immutable;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Grounding;
using CoachBot.Coaching.Offline;
using CoachBot.Coaching.RoleContent;
using CoachBot.Coaching.Tests.Support;
using CoachBot.Profiles;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Tests.Offline;

public sealed class OfflineCoachModelTests(SharedCoachingKit shared)
{
    private static readonly CareerProfile Profile = CareerProfile.Empty with { TargetRole = "DevOps Engineer", Region = "USA", YearsOfExperience = 4 };

    [Theory]
    [InlineData("Which certifications should I get?")]
    [InlineData("What salary should I expect?")]
    [InlineData("What level am I and what's next?")]
    public async Task The_first_chunk_names_the_sections_its_markers_count_from(string question)
    {
        var context = await shared.Kit.Contexts.BuildAsync(CoachingKit.Request(question, Profile), TestContext.Current.CancellationToken);
        var kernel = new Kernel();
        kernel.Data[CoachingKernelData.ContextKey] = context;

        var chunks = await shared.Kit.Get<OfflineCoachModel>()
            .GetStreamingChatMessageContentsAsync(new ChatHistory(), kernel: kernel, cancellationToken: TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        var sources = Assert.IsType<ImmutableArray<RoleSection>>(chunks[0].Metadata?[CoachingKernelData.SourcesKey]);
        Assert.NotEmpty(sources);
        Assert.Equal(OfflineCoach.Compose(context).Sources, sources);
        Assert.All(chunks.Skip(1), chunk => Assert.Null(chunk.Metadata));
    }

    [Theory]
    [InlineData("Which certifications should I get?")]
    [InlineData("What salary should I expect?")]
    public async Task Through_the_engine_its_own_numbering_and_figures_pass_untouched(string question)
    {
        var request = CoachingKit.Request(question, Profile);
        var context = await shared.Kit.Contexts.BuildAsync(request, TestContext.Current.CancellationToken);
        var composed = OfflineCoach.Compose(context);

        var (text, final, _) = await shared.Kit.AskAsync(request);

        Assert.Equal(composed.Text, text);
        Assert.Equal(composed.Citations, final.Citations);
        Assert.Empty(final.Metadata!.Flags);
        Assert.Empty(GroundingCheck.Check(text, composed.Sources));
    }
}
