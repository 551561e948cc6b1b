using System.Globalization;
using System.Text;
using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>
/// Passage search on the shipped pages with the real MiniLM model, measured on the labelled questions: the top passage of
/// the user's page must be the line that answers, not merely a line of the right section.
/// </summary>
public sealed class PassageRankingTests(LibraryIndexFixture fixture) : IClassFixture<LibraryIndexFixture>
{
    // Measured 0.903 and 0.971 overall (held out 0.86 and 0.977): the whole set must reach the targets.
    private const double TargetAt1 = 0.9;
    private const double TargetAt3 = 0.97;
    private const double FloorAt1 = TargetAt1;
    private const double FloorAt3 = TargetAt3;

    private RetrievalIndex Index => fixture.Index;

    [Fact]
    public void The_labelled_set_covers_every_section_of_every_page_and_keeps_a_held_out_part()
    {
        var questions = PassageQuestion.All;
        var pages = fixture.Library.AllPages();

        Assert.True(questions.Count >= 150, $"{questions.Count} questions");
        Assert.True(questions.Count(q => q.HeldOut) >= 40, $"{questions.Count(q => q.HeldOut)} held out");
        foreach (var page in pages)
        {
            var asked = questions.Where(q => q.Role == page.RoleId && q.Region == page.RegionId).Select(q => q.Section).ToHashSet();
            Assert.All(page.Sections, s => Assert.True(asked.Contains(s.SectionId), $"{page.RoleId}/{page.RegionId}/{s.SectionId} has no question"));
        }
    }

    [Fact]
    public void Every_expected_answer_lies_within_one_passage_of_its_section()
    {
        var problems = new List<string>();
        foreach (var question in PassageQuestion.All)
        {
            var page = fixture.Library.Get(question.Role, question.Region);
            Assert.NotNull(page);
            foreach (var answer in question.Answers)
            {
                var section = page.Section(answer.Section);
                if (!AnswerUnitSplitter.Split(section.Text).Any(u => u.Text.Contains(answer.Expected, StringComparison.Ordinal)))
                {
                    problems.Add($"{question.Question}: '{answer.Expected}' is in no single passage of {answer.Section}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Labelled_questions_find_the_answering_passage()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var results = PassageQuestion.All.Select(q => (Question: q, Hits: Search(q, Index.DefaultPassageWeights))).ToList();

        var tuning = Recall(results.Where(r => !r.Question.HeldOut));
        var heldOut = Recall(results.Where(r => r.Question.HeldOut));
        var overall = Recall(results);
        output.WriteLine($"weights {Index.DefaultPassageWeights}");
        output.WriteLine($"tuning   ({tuning.Count,3}): recall@1 {tuning.At1:P1}, recall@3 {tuning.At3:P1}");
        output.WriteLine($"held out ({heldOut.Count,3}): recall@1 {heldOut.At1:P1}, recall@3 {heldOut.At3:P1}");
        output.WriteLine($"overall  ({overall.Count,3}): recall@1 {overall.At1:P1}, recall@3 {overall.At3:P1}");
        output.WriteLine(SectionTable(results));
        foreach (var (question, hits) in results.Where(r => !r.Question.IsAnsweredBy(r.Hits[0])))
        {
            output.WriteLine($"miss@1{(question.HeldOut ? " (held out)" : "")}: \"{question.Question}\" [{question.Role}/{question.Region}/{question.Section}] expected \"{question.Expected}\"");
            foreach (var hit in hits)
            {
                output.WriteLine($"    {hit.Score:F3} (sem {hit.SemanticPart:F2}, lex {hit.LexicalPart:F2}, section {hit.SectionPart:F2}, format {hit.FormatPart:F2}) {hit.Document.SectionId}: {Shorten(hit.Text)}");
            }
        }

        output.WriteLine($"target: recall@1 {TargetAt1:P0}, recall@3 {TargetAt3:P0}");
        Assert.True(overall.At1 >= FloorAt1, $"recall@1 {overall.At1:P1}");
        Assert.True(overall.At3 >= FloorAt3, $"recall@3 {overall.At3:P1}");
    }

    [Fact]
    public void Passages_are_verbatim_lines_of_the_page_asked_about_and_their_parts_add_up()
    {
        var page = fixture.Library.Get("devops-engineer", "usa")!;

        var hits = Index.SearchPassages(new RetrievalQuery("can I work remotely?"), page.RoleId, page.RegionId, topK: 10);

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.Equal(("devops-engineer", "usa"), (h.Document.RoleId, h.Document.RegionId)));
        Assert.All(hits, h => Assert.Contains(h.Text, page.Section(h.Document.SectionId).Text, StringComparison.Ordinal));
        Assert.All(hits, h => Assert.Equal(h.Score, h.SemanticPart + h.LexicalPart + h.SectionPart + h.FormatPart, 9));
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.StartsWith("Remote feasibility", hits[0].Text.TrimStart('-', ' '), StringComparison.Ordinal);
    }

    [Fact]
    public void A_degree_question_gets_a_degree_sentence_not_the_certifications()
    {
        var hits = Index.SearchPassages(new RetrievalQuery("Do I need a degree?"), "backend-developer", "usa", topK: 2);

        // The bootcamp sentence ("a degree mainly helps with campus hiring") may come first; both answer the question.
        Assert.All(hits, h => Assert.Equal("education", h.Document.SectionId));
        Assert.All(hits, h => Assert.Null(h.Context));
        Assert.Contains(hits, h => h.Text.StartsWith("Most postings ask for a Bachelor's degree", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_page_or_a_blank_question_finds_nothing()
    {
        Assert.Empty(Index.SearchPassages(new RetrievalQuery("salary"), "astronaut", "usa", topK: 3));
        Assert.Empty(Index.SearchPassages(new RetrievalQuery("  "), "backend-developer", "usa", topK: 3));
    }

    private IReadOnlyList<PassageHit> Search(PassageQuestion question, PassageWeights weights) =>
        Index.SearchPassages(new RetrievalQuery(question.Question), question.Role, question.Region, topK: 3, weights);

    private static (int Count, double At1, double At3) Recall(IEnumerable<(PassageQuestion Question, IReadOnlyList<PassageHit> Hits)> results)
    {
        var list = results.ToList();
        return list.Count == 0
            ? (0, 0, 0)
            : (list.Count,
                list.Count(r => r.Question.IsAnsweredBy(r.Hits[0])) / (double)list.Count,
                list.Count(r => r.Hits.Take(3).Any(r.Question.IsAnsweredBy)) / (double)list.Count);
    }

    private static string SectionTable(List<(PassageQuestion Question, IReadOnlyList<PassageHit> Hits)> results)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"{"section",-14} {"questions",9} {"recall@1",9} {"recall@3",9}");
        foreach (var group in results.GroupBy(r => r.Question.Section).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (count, at1, at3) = Recall(group);
            table.AppendLine(CultureInfo.InvariantCulture, $"{group.Key,-14} {count,9} {at1,9:P0} {at3,9:P0}");
        }

        return table.ToString();
    }

    private static string Shorten(string text)
    {
        var line = text.Replace('\n', ' ');
        return line.Length <= 110 ? line : line[..110] + "…";
    }
}
