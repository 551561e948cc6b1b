using CoachBot.Coaching.Profiles;

namespace CoachBot.Coaching.Tests.Profiles;

/// <summary>
/// <see cref="Lexicon.MayMention"/> is a quick look before the full search: it may say yes where the search finds
/// nothing, never no where the search finds a name.
/// </summary>
public sealed class LexiconTests
{
    private static readonly Lexicon[] Lexicons =
    [
        RoleLexicon.Roles, RoleLexicon.Fields, SkillLexicon.Instance, CertificationLexicon.Instance, PlaceLexicon.Countries, PlaceLexicon.Cities,
    ];

    public static TheoryData<string> Texts()
    {
        var texts = new TheoryData<string>
        {
            "(python) and [SQL], then Node.js and .NET with C# on k8s",
            "Frontend or front-end or front end: which one?",
            "I moved to the US from São Paulo last year",
            "AWS-certified? PMP, CSM or an MBA?",
            "Go or Rust for a backend developer in Berlin?",
            "product management, UX design, data science",
        };
        foreach (var row in OfflineProfileFactExtractorTests.Statements())
        {
            texts.Add((string)((ITheoryDataRow)row).GetData()[0]!);
        }

        foreach (var row in OfflineProfileFactExtractorTests.NotAboutTheUser())
        {
            texts.Add((string)((ITheoryDataRow)row).GetData()[0]!);
        }

        return texts;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_text_the_full_search_finds_a_name_in_is_never_ruled_out(string text)
    {
        foreach (var lexicon in Lexicons)
        {
            if (lexicon.Matches(text, 0, text.Length).Any())
            {
                Assert.True(lexicon.MayMention(text), $"a name is in '{text}'");
            }
        }
    }

    [Fact]
    public void A_question_that_names_nothing_is_ruled_out_without_the_full_search()
    {
        const string question = "What should I work on next to grow in my role? (ref bq3f9a0c)";

        Assert.Equal(new bool[Lexicons.Length], Lexicons.Select(lexicon => lexicon.MayMention(question)).ToArray());
    }
}
