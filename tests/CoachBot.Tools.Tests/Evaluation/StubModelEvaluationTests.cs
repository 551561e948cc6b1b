using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CoachBot.Tools.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tools.Tests.Evaluation;

/// <summary>The coaching services configured for an OpenAI-compatible model at a local stub, started once for the class.</summary>
public sealed class StubModelFixture : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public OpenAICompatibleStub Model { get; private set; } = null!;

    public EvaluationRunner Runner => _services.GetRequiredService<EvaluationRunner>();

    public async ValueTask InitializeAsync()
    {
        Model = await OpenAICompatibleStub.StartAsync();
        _services = await EvaluationServices.StartAsync(new Dictionary<string, string?>
        {
            ["Coaching:Model"] = "openai-compatible",
            ["Coaching:Llm:Endpoint"] = Model.V1.ToString(),
            ["Coaching:Llm:ModelId"] = "eval-stub",
            ["Coaching:Llm:MaxRetries"] = "0",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await EvaluationServices.StopAsync(_services);
        await Model.DisposeAsync();
    }
}

/// <summary>
/// Evaluation scenarios on an OpenAI-compatible model: the stub checks what each prompt carries (the question verbatim,
/// the role content with the intent's section whenever the role is known, no escaped punctuation, the earlier turns of a
/// conversation) and answers from the prompt's own content; some replies invent a salary figure and cite an item that
/// does not exist, which must not reach the reader.
/// </summary>
public sealed partial class StubModelEvaluationTests(StubModelFixture fixture) : IClassFixture<StubModelFixture>
{
    /// <summary>Every intent, single turns and conversations, start profiles and empty ones.</summary>
    private static readonly string[] Subset =
    [
        "backend-usa-3y-career-path", "stated-senior-9y", "memo-backend-promotion",
        "backend-skill-gaps-plan", "memo-no-skills-then-skills",
        "resume-weak-bullets", "memo-resume-then-role",
        "interview-backend-mid", "memo-senior-interview-no-junior",
        "salary-backend-germany", "memo-backend-then-germany-salary", "injection-in-question",
        "certs-already-held", "memo-devops-certs-then-already", "backend-degree-question",
        "greeting-new-user", "what-does-role-do", "remote-backend-usa",
        "off-topic-weather", "memo-offtopic-then-back",
    ];

    /// <summary>Scenarios whose scripted replies add an invented figure and an out-of-range marker.</summary>
    private static readonly string[] Inventing =
    [
        "backend-usa-3y-career-path", "salary-backend-germany", "memo-backend-then-germany-salary", "certs-already-held", "interview-backend-mid", "memo-no-skills-then-skills",
    ];

    private const string InventedFigure = "USD 987,000";
    private const string InventedSentence = " Some people in this role earn USD 987,000 a year [9].";

    /// <summary>The section each intent's prompt must carry when the role is known.</summary>
    private static readonly Dictionary<string, string> PrimarySection = new(StringComparer.Ordinal)
    {
        ["career-path"] = "career-levels",
        ["skill-gaps"] = "hard-skills",
        ["resume-review"] = "resume",
        ["interview-prep"] = "interview",
        ["salary"] = "salary",
        ["certifications"] = "education",
        ["general"] = "overview",
    };

    public static TheoryData<string> SubsetIds() => [.. Subset];

    public static TheoryData<string> InventingIds() => [.. Inventing];

    [Fact]
    public void The_subset_covers_every_intent_and_has_conversations()
    {
        var scenarios = Subset.Select(Find).ToList();

        Assert.Equal(20, scenarios.Count);
        Assert.Superset(
            new HashSet<string>(["career-path", "skill-gaps", "resume-review", "interview-prep", "salary", "certifications", "general", "off-topic"]),
            scenarios.Select(s => s.Category).ToHashSet());
        Assert.True(scenarios.Count(s => s.IsMultiTurn) >= 6);
    }

    [Theory]
    [MemberData(nameof(SubsetIds))]
    public async Task Each_prompt_carries_the_question_the_role_content_and_the_conversation(string id)
    {
        var scenario = Find(id);
        var (result, prompts) = await RunAsync(scenario, inventing: false);

        var problems = new List<string>();
        for (var i = 0; i < result.Turns.Length; i++)
        {
            var turn = result.Turns[i];
            var prompt = prompts[i];
            var label = $"turn {i + 1} ({turn.Metadata?.Intent})";
            // The model answers the person's own words: instructions aimed at the coach are taken out before it sees them.
            if (prompt.User.Trim() != CoachBot.Coaching.Intents.OwnWords.Of(turn.Message).Text)
            {
                problems.Add($"{label}: the user message is not the person's own words: {prompt.User}");
            }

            if (turn.Metadata?.Intent is "off-topic" or null)
            {
                continue;
            }

            var roleKnown = turn.Metadata.Assessment is not null;
            if (roleKnown || scenario.Profile.TargetRole is not null)
            {
                problems.AddRange(CheckContent(label, prompt, turn));
            }

            problems.AddRange(CheckRecentTurns(label, prompt, scenario, result, i));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n---\n" + result.Transcript);
    }

    [Theory]
    [MemberData(nameof(SubsetIds))]
    public async Task No_prompt_shows_escaped_characters_instead_of_punctuation(string id)
    {
        var (result, prompts) = await RunAsync(Find(id), inventing: false);

        var escapes = prompts
            .Select(p => p.System + "\n" + p.User)
            .SelectMany((text, i) => EscapedCharacter().Matches(text).Select(m => $"turn {i + 1}: {m.Value} in \"{Around(text, m.Index)}\""))
            .Distinct()
            .ToList();
        Assert.True(escapes.Count == 0, string.Join("\n", escapes.Take(10)) + "\n---\n" + result.Transcript);
    }

    // Fails until replies are post-processed: the invented figure and the [9] marker reach the reader today.
    [Theory]
    [MemberData(nameof(InventingIds))]
    public async Task Invented_figures_and_out_of_range_markers_do_not_reach_the_reader(string id)
    {
        var (result, prompts) = await RunAsync(Find(id), inventing: true);

        Assert.Contains(prompts, p => p.Content is { Count: > 0 });
        Assert.All(result.Turns, turn =>
        {
            Assert.DoesNotContain(InventedFigure, turn.Reply, StringComparison.Ordinal);
            Assert.DoesNotContain("[9]", turn.Reply, StringComparison.Ordinal);
            Assert.Matches(@"\[1\]", turn.Reply);
        });
    }

    private async Task<(ScenarioResult Result, IReadOnlyList<ModelRequest> Prompts)> RunAsync(EvaluationScenario scenario, bool inventing)
    {
        fixture.Model.Reply = request => ScriptedReply(request, inventing);
        var before = fixture.Model.Requests.Count;
        var result = await fixture.Runner.RunAsync(scenario, TestContext.Current.CancellationToken);
        var prompts = fixture.Model.Requests.Skip(before).Where(r => r.Streamed).ToList();
        Assert.True(prompts.Count == result.Turns.Length, $"{prompts.Count} coaching requests for {result.Turns.Length} turns\n{string.Join("\n", result.Failures)}");
        return (result, prompts);
    }

    private static IEnumerable<string> CheckContent(string label, ModelRequest prompt, ConversationTurn turn)
    {
        if (prompt.Content is not { Count: > 0 } content)
        {
            yield return $"{label}: the role is known but the prompt has no role content";
            yield break;
        }

        var sections = content.Select(item => $"{item?["role"]}/{item?["region"]}/{item?["section"]}").ToHashSet(StringComparer.Ordinal);
        if (content.Any(item => string.IsNullOrEmpty((string?)item?["section"]) || string.IsNullOrEmpty((string?)item?["text"])))
        {
            yield return $"{label}: a content item has no section id or no text";
        }

        if (turn.Metadata?.Assessment is { } assessment && PrimarySection.TryGetValue(turn.Metadata.Intent ?? "", out var primary)
            && !sections.Contains($"{assessment.RoleId}/{assessment.RegionId}/{primary}"))
        {
            yield return $"{label}: the prompt lacks {assessment.RoleId}/{assessment.RegionId}/{primary} (has {string.Join(", ", sections)})";
        }
    }

    private static IEnumerable<string> CheckRecentTurns(string label, ModelRequest prompt, EvaluationScenario scenario, ScenarioResult result, int index)
    {
        var earlier = scenario.History.Select(h => (h.Question, h.Reply)).Concat(result.Turns.Take(index).Select(t => (Question: t.Message, t.Reply))).ToList();
        var recent = prompt.RecentTurns;
        if (recent is null)
        {
            yield return $"{label}: the prompt has no recent conversation block";
            yield break;
        }

        if (earlier.Count == 0)
        {
            yield break;
        }

        if (recent.Count == 0)
        {
            yield return $"{label}: the prompt carries none of the {earlier.Count} earlier turns";
            yield break;
        }

        var last = recent[^1];
        if ((string?)last?["question"] != earlier[^1].Question || (string?)last?["reply"] != earlier[^1].Reply)
        {
            yield return $"{label}: the last recent turn is not the previous exchange: {last?.ToJsonString()}";
        }

        if (recent.Count < Math.Min(earlier.Count, 6))
        {
            yield return $"{label}: the prompt carries {recent.Count} of {earlier.Count} earlier turns";
        }
    }

    /// <summary>A reply built from the prompt's own content: a sentence from each item, cited with its number.</summary>
    private static string ScriptedReply(ModelRequest request, bool inventing)
    {
        if (request.Content is not { Count: > 0 } content)
        {
            return "That is outside what I can help with here; I can help with your career path, skills, resume, interviews, salary signals and certifications.";
        }

        var reply = new StringBuilder();
        foreach (var item in content.Take(3))
        {
            var text = (string?)item?["text"] ?? "";
            var sentence = FirstSentence().Match(text.Replace('\n', ' ')).Value.Trim().TrimStart('-', ' ');
            reply.Append(CultureInfo.InvariantCulture, $"{sentence.TrimEnd('.')} [{(int?)item?["n"]}]. ");
        }

        if (inventing)
        {
            reply.Append(InventedSentence);
        }

        return reply.ToString().Trim();
    }

    private static string Around(string text, int index) => text.Substring(Math.Max(0, index - 30), Math.Min(60, text.Length - Math.Max(0, index - 30)));

    private static EvaluationScenario Find(string id) => EvaluationRunner.Load(EvaluationRunner.DefaultScenarioFile).Single(s => s.Id == id);

    // Punctuation and letters the model should read as characters: en dash, quotes, umlauts, arrows...
    [GeneratedRegex(@"\\u[0-9a-fA-F]{4}")]
    private static partial Regex EscapedCharacter();

    [GeneratedRegex(@"^[^.!?]{1,300}[.!?]?")]
    private static partial Regex FirstSentence();
}
