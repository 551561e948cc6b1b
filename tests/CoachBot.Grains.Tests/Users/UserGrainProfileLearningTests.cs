using CoachBot.Grains.Tests.Support;

namespace CoachBot.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainProfileLearningTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Facts_stated_in_a_message_update_the_profile_with_the_turn_as_evidence_before_the_reply_is_written()
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var question = "I've been coding for three years and I want to become a backend developer. I know Python and SQL. " + Guid.NewGuid().ToString("N");

        var started = await grain.StartTurnAsync(question);
        var (_, end, _) = await grain.ReadToEndAsync(started.TurnId);

        var profile = await grain.GetProfileAsync();
        Assert.Equal(3m, profile.YearsOfExperience);
        Assert.Equal("Backend Developer", profile.TargetRole);
        Assert.Contains(profile.Skills, s => s.Name == "Python");
        var evidence = Assert.Single(profile.Evidence, e => e.Field == "yearsOfExperience");
        Assert.Equal((started.TurnId, "conversation"), (evidence.TurnId, evidence.Source));
        Assert.Contains("yearsOfExperience", end.Metadata!.ProfileChanges);
        Assert.Contains("targetRole", end.Metadata.ProfileChanges);

        // The model already saw the updated profile.
        var call = Assert.Single(ScriptedCoachingEngine.Calls, c => c.Question == question);
        Assert.Equal(3m, call.Profile.YearsOfExperience);
    }

    [Fact]
    public async Task Questions_and_other_peoples_facts_leave_the_profile_unchanged()
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        await grain.UpdateProfileAsync(new CoachBot.Profiles.ProfileUpdate { YearsOfExperience = 4 });

        foreach (var question in new[] { "How many years do I need to become senior?", "My manager has 15 years of experience." })
        {
            var started = await grain.StartTurnAsync(question);
            var (_, end, _) = await grain.ReadToEndAsync(started.TurnId);
            Assert.True(end.Metadata?.ProfileChanges.IsDefaultOrEmpty ?? true);
        }

        Assert.Equal(4m, (await grain.GetProfileAsync()).YearsOfExperience);
    }

    [Fact]
    public async Task A_profile_edit_made_while_the_message_is_being_read_is_kept_and_the_other_learned_facts_still_arrive()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var name = "learn-gate:" + user.User.Value;
        var gate = ScriptedCoachingEngine.OpenGate(name);

        var started = await grain.StartTurnAsync($"{name} I have 3 years of experience and I work in Germany.");
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await grain.UpdateProfileAsync(new CoachBot.Profiles.ProfileUpdate { YearsOfExperience = 7 });
        gate.Release.TrySetResult();
        var (_, end, _) = await grain.ReadToEndAsync(started.TurnId);

        var profile = await grain.GetProfileAsync();
        Assert.Equal(7m, profile.YearsOfExperience);
        Assert.Equal("Germany", profile.Region);
        Assert.Equal(["region"], end.Metadata!.ProfileChanges);
        Assert.DoesNotContain(profile.Evidence, e => e.Field == "yearsOfExperience" && e.TurnId == started.TurnId);
    }
}
