using CoachBot.Grains.Tests.Support;
using CoachBot.Profiles;

namespace CoachBot.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainDeletionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Deleting_a_user_removes_the_profile_the_state_and_every_transcript_row()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        await grain.UpdateProfileAsync(new ProfileUpdate { TargetRole = "Data engineer" });
        await grain.ReadToEndAsync((await grain.StartTurnAsync("First conversation")).TurnId);
        await grain.StartNewConversationAsync();
        await grain.ReadToEndAsync((await grain.StartTurnAsync("Second conversation")).TurnId);
        Assert.True(await grain.HasStoredDataAsync());

        await grain.DeleteAllDataAsync();

        var ct = TestContext.Current.CancellationToken;
        Assert.Empty(await fixture.Transcripts.ListAllAsync(user, ct));
        Assert.Equal(CareerProfile.Empty, await grain.GetProfileAsync());
        Assert.False(await grain.HasStoredDataAsync());
        Assert.Empty((await grain.GetHistoryAsync(10)).Messages);
    }

    [Fact]
    public async Task Deleting_stops_a_running_turn_first()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var gateName = "delete-" + Guid.NewGuid().ToString("N");
        var gate = ScriptedCoachingEngine.OpenGate(gateName);
        await grain.StartTurnAsync($"gate:{gateName} still writing");
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        await grain.DeleteAllDataAsync();

        Assert.Empty(await fixture.Transcripts.ListAllAsync(user, TestContext.Current.CancellationToken));
        Assert.Null(await grain.GetActiveTurnAsync());
    }
}
