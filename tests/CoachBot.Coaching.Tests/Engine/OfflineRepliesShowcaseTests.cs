using CoachBot.Coaching.Tests.Support;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Tests.Engine;

public sealed class OfflineRepliesShowcaseTests(ITestOutputHelper output, SharedCoachingKit shared)
{
    [Theory]
    [InlineData("What level am I and what's next?")]
    [InlineData("What skills am I missing? I want a 30/60/90 plan")]
    [InlineData("Can you review my resume?\n- Worked on backend services\n- Responsible for the CI pipeline\n- Reduced API latency by 40% by adding caching")]
    [InlineData("Help me prepare for interviews")]
    [InlineData("What salary should I expect?")]
    [InlineData("Which certifications should I get?")]
    [InlineData("Hello!")]
    [InlineData("What's the weather tomorrow?")]
    public async Task Showcase(string question)
    {
        var kit = shared.Kit;
        var profile = CareerProfile.Empty with
        {
            TargetRole = "Backend Developer",
            Region = "USA",
            YearsOfExperience = 3,
            Skills = [new SkillEntry("APIs", 4, []), new SkillEntry("Testing", 2, []), new SkillEntry("Python", 4, [])],
        };

        var (text, final, chunks) = await kit.AskAsync(CoachingKit.Request(question, profile));

        output.WriteLine(text);
        output.WriteLine("---");
        output.WriteLine(string.Join("\n", final.Citations.Select((c, i) => $"[{i + 1}] {c.RoleId}/{c.Region}/{c.SectionId}")));
        output.WriteLine($"intent={final.Metadata?.Intent} chunks={chunks} flags={final.Metadata?.Flags.Length}");
        Assert.NotEmpty(text);
        Assert.Empty(final.Metadata!.Flags);
    }
}
