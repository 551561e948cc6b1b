using System.Text.Json;
using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>
/// The labelled passage questions (passage-questions.json): how people ask, the page they ask about, and a distinctive
/// piece of the passage that answers. Items flagged held out are kept away from weight tuning and only measured.
/// </summary>
public sealed record PassageQuestion(
    string Question,
    string Role,
    string Region,
    string Section,
    string Expected,
    IReadOnlyList<PassageAnswer>? Alternates,
    bool HeldOut)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<IReadOnlyList<PassageQuestion>> Loaded = new(Load);

    /// <summary>Every labelled question, in file order.</summary>
    public static IReadOnlyList<PassageQuestion> All => Loaded.Value;

    /// <summary>The expected answer and its alternates.</summary>
    public IEnumerable<PassageAnswer> Answers => Alternates is null ? [new(Section, Expected)] : [new(Section, Expected), .. Alternates];

    /// <summary>Whether a hit answers the question: it is of an answer's section and contains that answer's text.</summary>
    public bool IsAnsweredBy(PassageHit hit) =>
        Answers.Any(a => a.Section == hit.Document.SectionId && hit.Text.Contains(a.Expected, StringComparison.Ordinal));

    private static List<PassageQuestion> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Retrieval", "passage-questions.json");
        var file = JsonSerializer.Deserialize<QuestionFile>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty.");
        return file.Questions;
    }

    private sealed record QuestionFile(List<PassageQuestion> Questions);
}

/// <summary>A section and a distinctive piece of the passage in it that answers a question.</summary>
public sealed record PassageAnswer(string Section, string Expected);
