using System.Collections.Immutable;
using CoachBot.Coaching.Engine;
using CoachBot.Conversations;
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
        // Between the first chunk and the last (the usage report) no chunk carries metadata.
        Assert.All(chunks.Skip(1).SkipLast(1), chunk => Assert.Null(chunk.Metadata));
    }

    [Fact]
    public async Task The_last_chunk_reports_the_prompt_and_reply_tokens_so_token_quotas_apply()
    {
        var context = await shared.Kit.Contexts.BuildAsync(CoachingKit.Request("What salary should I expect?", Profile), TestContext.Current.CancellationToken);
        var kernel = new Kernel();
        kernel.Data[CoachingKernelData.ContextKey] = context;
        var prompt = new ChatHistory("You are a careful career coach.");
        prompt.AddUserMessage("What salary should I expect?");

        var chunks = await shared.Kit.Get<OfflineCoachModel>()
            .GetStreamingChatMessageContentsAsync(prompt, kernel: kernel, cancellationToken: TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        var usage = Assert.IsType<TokenUsage>(CoachBot.Coaching.Providers.StreamingContentReader.Usage(chunks[^1]));
        Assert.Equal(new TokenUsage(TokenEstimate.Count("You are a careful career coach.") + TokenEstimate.Count("What salary should I expect?"), TokenEstimate.Count(OfflineCoach.Compose(context).Text)), usage);
        Assert.True(usage.OutputTokens > 20, $"reply tokens {usage.OutputTokens}");
        Assert.Null(chunks[^1].Content);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("Hi", 1)]
    [InlineData("Hello, world!", 6)]
    [InlineData("internationalization", 5)]
    [InlineData("USD 110,000", 4)]
    public void Tokens_are_counted_per_four_letters_of_a_word_and_per_mark(string text, int expected) =>
        Assert.Equal(expected, TokenEstimate.Count(text));

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
