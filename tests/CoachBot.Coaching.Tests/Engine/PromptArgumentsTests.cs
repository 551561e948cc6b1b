using CoachBot.Coaching.Engine;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Tests.Engine;

public sealed class PromptArgumentsTests
{
    [Fact]
    public void An_unchanged_profile_is_written_once_and_a_changed_one_is_written_anew()
    {
        var profile = new CareerProfile { TargetRole = "Backend Developer", YearsOfExperience = 3, Goals = ["lead a team"] };

        var first = PromptArguments.ProfileJson(profile);
        var again = PromptArguments.ProfileJson(profile);
        var changed = PromptArguments.ProfileJson(profile with { TargetRole = "Data Engineer" });

        Assert.Same(first, again);
        Assert.Contains("Backend Developer", first, StringComparison.Ordinal);
        Assert.Contains("lead a team", first, StringComparison.Ordinal);
        Assert.Contains("Data Engineer", changed, StringComparison.Ordinal);
        Assert.DoesNotContain("Backend Developer", changed, StringComparison.Ordinal);
        Assert.Equal(first, PromptArguments.ProfileJson(profile with { }));
    }
}
