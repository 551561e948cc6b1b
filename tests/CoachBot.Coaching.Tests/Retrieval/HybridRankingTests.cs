using System.Diagnostics;
using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>Ranking quality on the shipped pages with the real MiniLM model; the index is built once for the class.</summary>
public sealed class HybridRankingTests(ShippedIndexFixture fixture, ITestOutputHelper output) : IClassFixture<ShippedIndexFixture>
{
    private RetrievalIndex Index => fixture.Index;

    [Theory]
    [MemberData(nameof(RankingCases.ClearData), MemberType = typeof(RankingCases))]
    public void A_paraphrased_question_ranks_the_answering_section_first(string question, string? role, string? region, string expected)
    {
        var hits = Index.Search(new RetrievalQuery(question, PreferredRoleId: role, PreferredRegionId: region));

        Assert.True(RankingCase.Matches(expected, hits[0].Document.Id), Describe(expected, hits));
    }

    [Theory]
    [MemberData(nameof(RankingCases.AmbiguousData), MemberType = typeof(RankingCases))]
    public void An_ambiguous_question_ranks_the_answering_section_in_the_top_three(string question, string? role, string? region, string expected)
    {
        var hits = Index.Search(new RetrievalQuery(question, PreferredRoleId: role, PreferredRegionId: region, TopK: 3));

        Assert.True(hits.Any(h => RankingCase.Matches(expected, h.Document.Id)), Describe(expected, hits));
    }

    [Fact]
    public void The_target_role_steers_a_generic_question_to_its_own_page()
    {
        var query = new RetrievalQuery("what skills do I need", PreferredRoleId: "data-engineer");

        var hits = Index.Search(query);

        Assert.Equal("data-engineer/usa/hard-skills", hits[0].Document.Id);
        Assert.Equal(Index.DefaultWeights.PreferredRole, hits[0].Boost, 6);
    }

    [Fact]
    public void The_region_decides_between_the_same_section_of_two_regions()
    {
        const string Question = "how much money can a mid level backend person make";

        var usa = Index.Search(new RetrievalQuery(Question, PreferredRegionId: "usa"));
        var germany = Index.Search(new RetrievalQuery(Question, PreferredRegionId: "germany"));

        Assert.Equal("backend-developer/usa/salary", usa[0].Document.Id);
        Assert.Equal("backend-developer/germany/salary", germany[0].Document.Id);
    }

    [Fact]
    public void Hybrid_ranks_at_least_as_many_answers_first_as_either_signal_alone()
    {
        var weights = Index.DefaultWeights;
        var hybrid = HitsAtOne(weights);
        var lexical = HitsAtOne(weights.LexicalOnly);
        var semantic = HitsAtOne(weights.SemanticOnly);

        var total = RankingCases.All.Count();
        output.WriteLine($"hit@1 over {total} questions: hybrid {hybrid}, lexical only {lexical}, embeddings only {semantic}");
        Assert.True(hybrid >= lexical, $"hybrid {hybrid} < lexical {lexical}");
        Assert.True(hybrid >= semantic, $"hybrid {hybrid} < embeddings {semantic}");
        Assert.True(hybrid >= RankingCases.Clear.Count, $"hybrid ranked only {hybrid} of {total} first");
    }

    [Fact]
    public void A_tenant_sees_its_own_overlay()
    {
        var hits = Index.Search(new RetrievalQuery(
            "how does the promotion packet and calibration panel work here", TenantId: ShippedIndexFixture.TenantA));

        Assert.Equal(ShippedIndexFixture.OverlayId, hits[0].Document.Id);
    }

    [Theory]
    [InlineData(ShippedIndexFixture.TenantB)]
    [InlineData(null)]
    public void Other_tenants_and_tenantless_queries_never_see_an_overlay(string? tenant)
    {
        var questions = RankingCases.All.Select(c => c.Question).Append("how does the promotion packet and calibration panel work here");

        foreach (var question in questions)
        {
            var hits = Index.Search(new RetrievalQuery(question, TenantId: tenant, TopK: 50));
            Assert.Equal(50, hits.Count);
            Assert.All(hits, h => Assert.Null(h.Document.TenantOverlay));
        }
    }

    [Fact]
    public void Hits_are_ordered_and_their_parts_add_up_to_the_score()
    {
        var hits = Index.Search(new RetrievalQuery("salary for a senior data engineer", PreferredRoleId: "data-engineer", TopK: 10));

        Assert.Equal(10, hits.Count);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.All(hits, h => Assert.Equal(h.Score, h.SemanticPart + h.LexicalPart + h.Boost, 9));
        Assert.All(hits, h => Assert.False(string.IsNullOrWhiteSpace(h.BestPassage)));
    }

    [Fact]
    public void The_default_number_of_hits_comes_from_the_options_and_a_blank_question_finds_nothing()
    {
        Assert.Equal(new RetrievalOptions().TopK, Index.Search(new RetrievalQuery("interview questions")).Count);
        Assert.Empty(Index.Search(new RetrievalQuery("   ")));
    }

    [Fact]
    public void Reports_build_time_and_search_latency()
    {
        var statistics = Index.Statistics;
        var questions = RankingCases.All.Select(c => new RetrievalQuery(c.Question, PreferredRoleId: c.PreferredRoleId)).ToList();
        Index.Search(questions[0]);

        var stopwatch = Stopwatch.StartNew();
        const int Rounds = 3;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var question in questions)
            {
                Index.Search(question);
            }
        }

        var perQuery = stopwatch.Elapsed / (Rounds * questions.Count);
        output.WriteLine(
            $"index: {statistics.Documents} sections, {statistics.Passages} passages, {statistics.LexicalTerms} terms, built in {statistics.BuildTime.TotalMilliseconds:F0} ms");
        output.WriteLine($"search: {perQuery.TotalMilliseconds:F1} ms per query over {Rounds * questions.Count} queries");
        Assert.Equal(fixture.ShippedDocumentCount + 1, statistics.Documents);
        Assert.True(statistics.Passages > statistics.Documents);
    }

    private int HitsAtOne(RetrievalWeights weights) => RankingCases.All.Count(c =>
        RankingCase.Matches(c.Expected, Index.Search(new RetrievalQuery(c.Question, PreferredRoleId: c.PreferredRoleId, PreferredRegionId: c.PreferredRegionId), weights)[0].Document.Id));

    private static string Describe(string expected, IReadOnlyList<RetrievalHit> hits) =>
        $"expected {expected}; got " + string.Join(", ", hits.Take(3).Select(h => $"{h.Document.Id} {h.Score:F2} (sem {h.SemanticPart:F2}, lex {h.LexicalPart:F2}, boost {h.Boost:F2})"));
}
