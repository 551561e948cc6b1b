using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Profiles;

namespace CoachBot.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainProfileTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_profile_persists_across_deactivation()
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        await grain.UpdateProfileAsync(new ProfileUpdate
        {
            TargetRole = "Backend Developer",
            Region = "USA",
            YearsOfExperience = 3,
            Skills = [new SkillInput("APIs", 4), new SkillInput("Testing", 2)],
            Goals = ["Lead a project"],
        });

        await fixture.Cluster.DeactivateAsync(grain);
        var profile = await grain.GetProfileAsync();

        Assert.Equal(("Backend Developer", "USA", 3m), (profile.TargetRole, profile.Region, profile.YearsOfExperience));
        Assert.Equal(["APIs", "Testing"], profile.Skills.Select(s => s.Name));
        Assert.Equal([4, 2], profile.Skills.Select(s => s.Proficiency));
        Assert.Equal(["Lead a project"], profile.Goals);
        Assert.Contains(profile.Evidence, e => e.Field == "targetRole" && e.Source == "user-edit");
    }

    [Fact]
    public async Task Conversation_history_persists_across_deactivation()
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var started = await grain.StartTurnAsync("remember me");
        await grain.ReadToEndAsync(started.TurnId);

        await fixture.Cluster.DeactivateAsync(grain);

        var history = await grain.GetHistoryAsync(10);
        Assert.Equal(["remember me", "Reply to: remember me"], history.Messages.Select(m => m.Text));
        var (replayed, end, _) = await grain.ReadToEndAsync(started.TurnId, 9);
        Assert.Equal((" remember me", TurnStatus.Completed), (replayed, end.Status));
    }

    [Theory]
    [InlineData(-0.5, null)]
    [InlineData(12.34, 12.3)]
    public async Task Years_are_rounded_and_a_negative_value_clears_them(double years, double? expected)
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        await grain.UpdateProfileAsync(new ProfileUpdate { YearsOfExperience = 5 });

        var profile = await grain.UpdateProfileAsync(new ProfileUpdate { YearsOfExperience = (decimal)years });

        Assert.Equal(expected is null ? null : (decimal)expected.Value, profile.YearsOfExperience);
    }

    public static TheoryData<ProfileUpdate> InvalidUpdates() =>
    [
        new ProfileUpdate { YearsOfExperience = 61 },
        new ProfileUpdate { TargetRole = new string('r', 121) },
        new ProfileUpdate { Skills = [new SkillInput("", 3)] },
        new ProfileUpdate { Skills = [new SkillInput("APIs", 6)] },
        new ProfileUpdate { Goals = [.. Enumerable.Repeat("goal", 21).Select((g, i) => g + i)] },
    ];

    [Theory]
    [MemberData(nameof(InvalidUpdates))]
    public async Task Invalid_updates_are_refused_and_the_stored_profile_is_unchanged(ProfileUpdate update)
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var before = await grain.UpdateProfileAsync(new ProfileUpdate { TargetRole = "Data Engineer", YearsOfExperience = 4 });

        var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.UpdateProfileAsync(update));

        Assert.Equal(ErrorCodes.ProfileInvalid, refused.Code);
        await fixture.Cluster.DeactivateAsync(grain);
        var after = await grain.GetProfileAsync();
        Assert.Equal((before.TargetRole, before.YearsOfExperience), (after.TargetRole, after.YearsOfExperience));
    }
}
