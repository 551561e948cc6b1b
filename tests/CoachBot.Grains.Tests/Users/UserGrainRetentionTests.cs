using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;

namespace CoachBot.Grains.Tests.Users;

/// <summary>Retention reaches the turns the user grain remembers, not only the transcript rows.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserGrainRetentionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Turns_started_before_the_cutoff_leave_the_grain_state_and_later_ones_stay()
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var old = await grain.StartTurnAsync("What did I ask long ago?");
        Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(old.TurnId)).End.Status);
        var cutoff = DateTimeOffset.UtcNow;
        var recent = await grain.StartTurnAsync("And what now?");
        Assert.Equal(TurnStatus.Completed, (await grain.ReadToEndAsync(recent.TurnId)).End.Status);

        Assert.Equal(1, await grain.ForgetTurnsBeforeAsync(cutoff));
        Assert.Equal(0, await grain.ForgetTurnsBeforeAsync(cutoff));
        // The later turn is still remembered: forgetting everything up to now takes it too.
        Assert.Equal(1, await grain.ForgetTurnsBeforeAsync(DateTimeOffset.UtcNow.AddSeconds(1)));
    }
}
