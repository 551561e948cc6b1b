using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

public sealed class EnglishAnalyzerTests
{
    [Theory]
    [InlineData("salaries", "salary")]
    [InlineData("certificates", "certificat")]
    [InlineData("certificate", "certificat")]
    [InlineData("interviewing", "interview")]
    [InlineData("interviewed", "interview")]
    [InlineData("planning", "plan")]
    [InlineData("managed", "manag")]
    [InlineData("managing", "manag")]
    [InlineData("manage", "manag")]
    [InlineData("business", "business")]
    [InlineData("status", "status")]
    [InlineData("analysis", "analysis")]
    [InlineData("apis", "api")]
    [InlineData("kpis", "kpi")]
    public void Stemming_maps_word_forms_together(string word, string stem) =>
        Assert.Equal(stem, EnglishAnalyzer.Stem(word));

    [Fact]
    public void Analysis_lowercases_splits_on_punctuation_and_drops_stop_words_and_single_letters()
    {
        var terms = EnglishAnalyzer.Analyze("What's the CI/CD pipeline for **APIs** — and how do I test it? 6 years");

        Assert.Equal(["ci", "cd", "pipelin", "api", "test", "6", "year"], terms);
    }

    [Theory]
    [InlineData("pay", "salary")]
    [InlineData("earnings", "compensation")]
    [InlineData("my cv", "resum")]
    [InlineData("certificates", "certification")]
    [InlineData("the next level", "promotion")]
    [InlineData("common mistakes", "pitfall")]
    public void Query_synonyms_add_the_words_the_content_uses(string query, string contentWord)
    {
        var weighted = EnglishAnalyzer.AnalyzeQuery(query);
        var expected = EnglishAnalyzer.Analyze(contentWord).Single();

        Assert.Equal(EnglishAnalyzer.SynonymWeight, weighted[expected]);
    }

    [Fact]
    public void Typed_words_keep_full_weight_and_unrelated_words_get_no_synonyms()
    {
        var weighted = EnglishAnalyzer.AnalyzeQuery("salary kubernetes");

        Assert.Equal(1.0, weighted["salary"]);
        Assert.Equal(1.0, weighted["kubernet"]);
        Assert.Equal(EnglishAnalyzer.SynonymWeight, weighted["pay"]);
        Assert.DoesNotContain(weighted.Keys, k => k.StartsWith("container", StringComparison.Ordinal));
    }
}
