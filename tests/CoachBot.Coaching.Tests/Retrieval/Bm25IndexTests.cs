using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

public sealed class Bm25IndexTests
{
    private static readonly Bm25Index Index = new(
    [
        ["salary", "range", "level"],
        ["resume", "keyword", "level"],
        ["salary", "salary", "negotiation", "offer", "level", "level", "level", "level", "level"],
        ["interview", "question", "level"],
    ]);

    [Fact]
    public void Documents_without_a_query_term_score_zero() =>
        Assert.Equal(new[] { 0, 1, 0, 0 }, Index.Score(new Dictionary<string, double> { ["resume"] = 1 }).Select(s => s > 0 ? 1 : 0));

    [Fact]
    public void A_rare_term_counts_more_than_a_common_one()
    {
        var scores = Index.Score(new Dictionary<string, double> { ["resume"] = 1, ["level"] = 1 });

        Assert.True(scores[1] > scores[0]);
        Assert.True(scores[0] > 0);
    }

    [Fact]
    public void Length_is_normalized_and_query_weights_scale_the_score()
    {
        var full = Index.Score(new Dictionary<string, double> { ["salary"] = 1 });
        var half = Index.Score(new Dictionary<string, double> { ["salary"] = 0.5 });

        Assert.True(full[0] > 0 && full[2] > 0);
        Assert.Equal(full[0] / 2, half[0], 9);
    }

    [Fact]
    public void Unknown_terms_are_ignored() =>
        Assert.All(Index.Score(new Dictionary<string, double> { ["kubernetes"] = 1 }), s => Assert.Equal(0, s));
}
