using CoachBot.Coaching.Approved;
using CoachBot.Coaching.Grounding;
using CoachBot.Coaching.Tests.Support;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Review;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Coaching.Tests.Approved;

public sealed class ApprovedAnswerEngineTests : IAsyncLifetime
{
    private const string Question = "What should a senior backend developer in the US expect as base pay?";

    // A figure the role page does not have: only the approved answer grounds it.
    private const string Correction = """
        Our coaching team's current guidance: senior backend developers here should anchor at a base of $163,500.
        - Ask for the band before you name a number.
        - Bring two shipped projects with measured impact to the conversation.
        """;

    private static readonly TenantId Tenant = TenantId.Parse("tenant-a");
    private static readonly CareerProfile Backend = CareerProfile.Empty with { TargetRole = "Backend Developer", Region = "USA", YearsOfExperience = 6 };

    private readonly Answers _answers = new();
    private CoachingKit _kit = null!;

    public ValueTask InitializeAsync()
    {
        _kit = new CoachingKit(configure: s => s.AddSingleton<IApprovedAnswerStore>(_answers));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _kit.DisposeAsync();

    [Fact]
    public async Task A_matching_question_gets_the_approved_answer_cited_as_the_coaching_teams()
    {
        _answers.Items.Add(new ApprovedAnswer("ans-42", Tenant, "backend-developer", "usa", Question, Correction, "coach-1", DateTimeOffset.UtcNow));

        var (text, final, _) = await _kit.AskAsync(CoachingKit.Request("what base pay should a senior backend developer in the US expect?", Backend));

        Assert.Contains("approved", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("$163,500", text);
        Assert.Contains("Ask for the band before you name a number", text);
        Assert.DoesNotContain(ReplyPostProcessor.UnknownFigure, text);
        var citation = Assert.Single(final.Citations);
        Assert.Equal(ApprovedAnswerSection.SectionId, citation.SectionId);
        Assert.Equal("ans-42", citation.ContentVersion);
        Assert.Equal(ApprovedAnswerSection.Title, citation.SectionTitle);
        Assert.StartsWith("Our coaching team's current guidance", citation.Passage);
        Assert.Contains("[1]", text);
        Assert.Equal("salary", final.Metadata?.Intent);
    }

    [Fact]
    public async Task Without_a_matching_answer_the_reply_is_written_from_the_role_page()
    {
        _answers.Items.Add(new ApprovedAnswer("ans-42", Tenant, "backend-developer", "usa", Question, Correction, "coach-1", DateTimeOffset.UtcNow));

        var (text, final, _) = await _kit.AskAsync(CoachingKit.Request("What certifications should a senior backend developer get?", Backend));

        Assert.DoesNotContain("$163,500", text);
        Assert.NotEmpty(final.Citations);
        Assert.DoesNotContain(final.Citations, c => c.SectionId == ApprovedAnswerSection.SectionId);
    }

    [Fact]
    public async Task An_answer_scoped_to_another_region_is_not_used()
    {
        _answers.Items.Add(new ApprovedAnswer("ans-42", Tenant, "backend-developer", "germany", Question, Correction, "coach-1", DateTimeOffset.UtcNow));

        var (text, final, _) = await _kit.AskAsync(CoachingKit.Request(Question, Backend));

        Assert.DoesNotContain("$163,500", text);
        Assert.DoesNotContain(final.Citations, c => c.SectionId == ApprovedAnswerSection.SectionId);
    }

    private sealed class Answers : IApprovedAnswerStore
    {
        public List<ApprovedAnswer> Items { get; } = [];

        public Task<IReadOnlyList<ApprovedAnswer>> ListApprovedAnswersAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ApprovedAnswer>>([.. Items.Where(a => a.TenantId == tenantId)]);
    }
}
