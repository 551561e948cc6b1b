using CoachBot.Coaching.Approved;
using CoachBot.Coaching.Retrieval;
using CoachBot.Ids;
using CoachBot.Review;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Coaching.Tests.Approved;

/// <summary>One MiniLM model for the class: loading it is the slow part.</summary>
public sealed class EmbedderFixture : IDisposable
{
    public MiniLmEmbedder Embedder { get; } = new(batchSize: 16, parallelism: 1);

    public void Dispose() => Embedder.Dispose();
}

public sealed class ApprovedAnswerMatcherTests(EmbedderFixture fixture) : IClassFixture<EmbedderFixture>
{
    private static readonly TenantId Acme = TenantId.Parse("acme");
    private static readonly TenantId Globex = TenantId.Parse("globex");

    private readonly AnswerStore _store = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z"));

    private ApprovedAnswerMatcher Matcher() => new(_store, fixture.Embedder, _time, Options.Create(new ApprovedAnswerOptions()), NullLogger<ApprovedAnswerMatcher>.Instance);

    private static ApprovedAnswer Answer(TenantId tenant, string question, string? role = "backend-developer", string? region = "usa", string id = "ans-1") =>
        new(id, tenant, role, region, question, "Senior backend developers in the US see a base of about $150,000.", "coach-1", DateTimeOffset.Parse("2026-11-30T10:00:00Z"));

    [Theory]
    [InlineData("how much do senior backend developers earn in the usa")]
    [InlineData("What's the pay for a senior backend dev in the US?")]
    [InlineData("How much does a senior backend developer make in the US?")]
    public async Task The_same_question_asked_in_other_words_finds_the_answer(string asked)
    {
        _store.Add(Answer(Acme, "How much does a senior backend developer make in the US?"));

        var match = await Matcher().FindAsync(Acme, asked, "backend-developer", "usa", TestContext.Current.CancellationToken);

        Assert.NotNull(match);
        Assert.Equal("ans-1", match.Answer.Id);
    }

    [Theory]
    [InlineData("How much does a junior backend developer make in the US?")] // another level
    [InlineData("What certifications should a senior backend developer get?")] // another topic
    [InlineData("How do I prepare for a system design interview?")]
    [InlineData("")]
    public async Task A_different_question_about_the_same_role_does_not(string asked)
    {
        _store.Add(Answer(Acme, "How much does a senior backend developer make in the US?"));

        Assert.Null(await Matcher().FindAsync(Acme, asked, "backend-developer", "usa", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Questions_that_differ_only_in_their_figures_are_different_questions()
    {
        _store.Add(Answer(Acme, "I have 3 years of experience, what level am I?"));
        var matcher = Matcher();

        Assert.NotNull(await matcher.FindAsync(Acme, "I have 3 years of experience, what level am I?", "backend-developer", "usa", TestContext.Current.CancellationToken));
        Assert.Null(await matcher.FindAsync(Acme, "I have 10 years of experience, what level am I?", "backend-developer", "usa", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_answer_is_used_only_in_its_tenant_role_and_region()
    {
        const string question = "What should I put on my resume as a backend developer?";
        _store.Add(Answer(Acme, question));
        var matcher = Matcher();
        var token = TestContext.Current.CancellationToken;

        Assert.NotNull(await matcher.FindAsync(Acme, question, "backend-developer", "usa", token));
        Assert.Null(await matcher.FindAsync(Globex, question, "backend-developer", "usa", token));
        Assert.Null(await matcher.FindAsync(Acme, question, "backend-developer", "germany", token));
        Assert.Null(await matcher.FindAsync(Acme, question, "frontend-developer", "usa", token));
        Assert.Null(await matcher.FindAsync(Acme, question, null, null, token));
    }

    [Fact]
    public async Task An_answer_without_a_role_or_region_fits_every_turn_of_the_tenant()
    {
        const string question = "How do I negotiate a higher salary offer?";
        _store.Add(Answer(Acme, question, role: null, region: null));
        var matcher = Matcher();
        var token = TestContext.Current.CancellationToken;

        Assert.NotNull(await matcher.FindAsync(Acme, "how do I negotiate a higher salary offer", "product-manager", "usa", token));
        Assert.NotNull(await matcher.FindAsync(Acme, question, null, null, token));
        Assert.Null(await matcher.FindAsync(Globex, question, null, null, token));
    }

    [Fact]
    public async Task The_closest_of_several_answers_wins()
    {
        _store.Add(Answer(Acme, "Is it worth learning Rust for backend jobs?", id: "rust"));
        _store.Add(Answer(Acme, "Is it worth learning Go for backend jobs?", id: "go"));

        var match = await Matcher().FindAsync(Acme, "should I learn rust to get backend jobs", "backend-developer", "usa", TestContext.Current.CancellationToken);

        Assert.Equal("rust", match?.Answer.Id);
    }

    [Fact]
    public async Task A_new_answer_applies_at_once_after_invalidation_and_otherwise_after_the_refresh_interval()
    {
        const string question = "How do I get promoted from mid-level to senior?";
        var matcher = Matcher();
        var token = TestContext.Current.CancellationToken;
        Assert.Null(await matcher.FindAsync(Acme, question, "backend-developer", "usa", token));

        _store.Add(Answer(Acme, question));
        Assert.Null(await matcher.FindAsync(Acme, question, "backend-developer", "usa", token)); // still the copy read before
        _time.Advance(new ApprovedAnswerOptions().RefreshInterval);
        Assert.NotNull(await matcher.FindAsync(Acme, question, "backend-developer", "usa", token));

        _store.Clear();
        matcher.Invalidate(Acme);
        Assert.Null(await matcher.FindAsync(Acme, question, "backend-developer", "usa", token));
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_means_no_answer_and_is_tried_again_next_turn()
    {
        const string question = "How do I get promoted from mid-level to senior?";
        _store.Add(Answer(Acme, question));
        _store.Failing = true;
        var matcher = Matcher();
        var token = TestContext.Current.CancellationToken;

        Assert.Null(await matcher.FindAsync(Acme, question, "backend-developer", "usa", token));

        _store.Failing = false;
        Assert.NotNull(await matcher.FindAsync(Acme, question, "backend-developer", "usa", token));
    }

    private sealed class AnswerStore : IApprovedAnswerStore
    {
        private readonly List<ApprovedAnswer> _answers = [];

        public bool Failing { get; set; }

        public void Add(ApprovedAnswer answer)
        {
            lock (_answers)
            {
                _answers.Add(answer);
            }
        }

        public void Clear()
        {
            lock (_answers)
            {
                _answers.Clear();
            }
        }

        public Task<IReadOnlyList<ApprovedAnswer>> ListApprovedAnswersAsync(TenantId tenantId, CancellationToken cancellationToken = default)
        {
            if (Failing)
            {
                throw new InvalidOperationException("database is locked");
            }

            lock (_answers)
            {
                return Task.FromResult<IReadOnlyList<ApprovedAnswer>>([.. _answers.Where(a => a.TenantId == tenantId)]);
            }
        }
    }
}
