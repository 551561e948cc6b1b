using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Intents;
using CoachBot.Coaching.Profiles;
using CoachBot.Coaching.Prompts;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Review;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachBot.Coaching.Tests.Prompts;

public sealed class PromptFilesTests
{
    private static readonly string PromptFolder = Path.Combine(AppContext.BaseDirectory, "prompts");

    public static TheoryData<string> PromptFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(PromptFolder, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static readonly ApprovedAnswer SampleAnswer =
        new("a1", TenantId.Parse("t1"), null, null, "How do I ask for a raise?", "Bring evidence of impact.", "coach-1", DateTimeOffset.UnixEpoch);

    /// <summary>What the code passes to each prompt it runs. A new prompt must be added here, or the completeness test fails.</summary>
    private static readonly Dictionary<string, Func<IEnumerable<string>>> ArgumentsPassedByCode = CreateArgumentsPassedByCode();

    private static Dictionary<string, Func<IEnumerable<string>>> CreateArgumentsPassedByCode()
    {
        var passed = new Dictionary<string, Func<IEnumerable<string>>>
        {
            [PromptNames.Persona] = () => PromptArguments.ForPersona(new PersonaOptions()).Names,
            [PromptNames.ExtractProfileFacts] = () => ProfileFactArguments.Create("I know Python.", SampleRequest().Profile, DateTimeOffset.UnixEpoch).Names,
        };
        foreach (var intent in Enum.GetValues<CoachingIntent>())
        {
            passed[PromptNames.ForIntent(intent)] = () => PromptArguments.ForIntent(SampleContext(intent), "persona text", 6).Names;
        }

        var withoutRole = new CoachingContext(SampleRequest(), new IntentMatch(CoachingIntent.CareerPath, 1, []), null, null, [], []);
        Assert.Equal(PromptNames.NoRole, PromptNames.For(withoutRole));
        passed[PromptNames.NoRole] = () => PromptArguments.ForIntent(withoutRole, "persona text", 6).Names;

        // An approved answer takes its own prompt for every intent, with or without a role page.
        var approved = new CoachingContext(SampleRequest(), new IntentMatch(CoachingIntent.OffTopic, 1, []), null, null, [], []).WithApproved(SampleAnswer);
        Assert.Equal(PromptNames.ApprovedAnswer, PromptNames.For(approved));
        passed[PromptNames.ApprovedAnswer] = () => PromptArguments.ForIntent(approved, "persona text", 6).Names;

        return passed;
    }

    [Theory]
    [MemberData(nameof(PromptFiles))]
    public void Every_prompt_file_loads_and_declares_exactly_the_variables_its_template_uses(string fileName)
    {
        var library = new PromptLibrary(PromptFolder, NullLoggerFactory.Instance);
        var prompt = library.Get(Path.GetFileNameWithoutExtension(fileName));

        var used = PromptLibrary.TemplateVariables(prompt.Config.Template);
        Assert.Equal(used.Order(), prompt.Variables.Order());
        Assert.All(prompt.Config.InputVariables, v => Assert.False(string.IsNullOrWhiteSpace(v.Description), $"{v.Name} needs a description"));
    }

    [Theory]
    [MemberData(nameof(PromptFiles))]
    public void The_code_passes_exactly_the_variables_each_prompt_declares(string fileName)
    {
        var library = new PromptLibrary(PromptFolder, NullLoggerFactory.Instance);
        var name = Path.GetFileNameWithoutExtension(fileName);

        Assert.True(ArgumentsPassedByCode.TryGetValue(name, out var passed), $"No code runs prompt '{name}', or the test does not know about it.");
        Assert.Equal(library.Get(name).Variables.Order(), passed().Order());
    }

    [Theory]
    [InlineData(CoachingIntent.Salary)]
    [InlineData(CoachingIntent.CareerPath)]
    [InlineData(CoachingIntent.OffTopic)]
    public void An_approved_answer_takes_its_own_prompt_whatever_the_intent(CoachingIntent intent)
    {
        var context = SampleContext(intent).WithApproved(SampleAnswer);

        Assert.Equal(PromptNames.ApprovedAnswer, PromptNames.For(context));
        Assert.Equal("approved-answer", context.Sections[0].SectionId);
    }

    [Fact]
    public void Every_prompt_the_code_runs_has_a_file()
    {
        var library = new PromptLibrary(PromptFolder, NullLoggerFactory.Instance);
        Assert.All(ArgumentsPassedByCode.Keys, name => Assert.True(library.Prompts.ContainsKey(name), $"prompts/{name}.yaml is missing"));
    }

    [Fact]
    public void A_template_using_an_undeclared_variable_is_rejected_at_load()
    {
        var folder = Directory.CreateTempSubdirectory("prompts-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "broken.yaml"), """
                name: broken
                description: uses a variable it does not declare
                template: "Hello {{$who}} and {{$other}}"
                input_variables:
                  - name: who
                    description: someone
                """);

            var error = Assert.Throws<InvalidDataException>(() => new PromptLibrary(folder.FullName, NullLoggerFactory.Instance));
            Assert.Contains("broken.yaml", error.Message, StringComparison.Ordinal);
            Assert.Contains("other", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_file_whose_name_differs_from_its_declared_name_is_rejected()
    {
        var folder = Directory.CreateTempSubdirectory("prompts-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "one.yaml"), "name: two\ntemplate: hi\n");
            var error = Assert.Throws<InvalidDataException>(() => new PromptLibrary(folder.FullName, NullLoggerFactory.Instance));
            Assert.Contains("one.yaml", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static readonly Lazy<RolePage> SamplePage = new(() =>
        RoleContentLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "content", "roles")).First(p => p.RoleId == "backend-developer"));

    // Intent prompts run with a role page; without one the turn runs prompts/no-role.yaml instead.
    private static CoachingContext SampleContext(CoachingIntent intent) =>
        new(SampleRequest(), new IntentMatch(intent, 1, []), intent == CoachingIntent.OffTopic ? null : SamplePage.Value, null, [], []);

    internal static CoachingRequest SampleRequest() => new(
        new UserKey(TenantId.Parse("t1"), UserId.Parse("u1")),
        TurnId.New(),
        CareerProfile.Empty with { TargetRole = "Backend Developer", YearsOfExperience = 3 },
        [new PriorTurn("What should I learn?", "Start with APIs.", TurnStatus.Completed)],
        "How do I become senior?");
}
