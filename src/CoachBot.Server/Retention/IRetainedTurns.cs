using CoachBot.Ids;

namespace CoachBot.Server.Retention;

/// <summary>Copies of turns kept outside the transcript store (the user grain's recent turns), trimmed by the same sweep.</summary>
public interface IRetainedTurns
{
    /// <summary>Drops the user's remembered turns that started before <paramref name="cutoff"/>.</summary>
    Task ForgetBeforeAsync(UserKey user, DateTimeOffset cutoff);
}

/// <summary>The user grains' recent turns.</summary>
internal sealed class GrainRetainedTurns(IGrainFactory grains) : IRetainedTurns
{
    public Task ForgetBeforeAsync(UserKey user, DateTimeOffset cutoff) => grains.GetUserGrain(user).ForgetTurnsBeforeAsync(cutoff);
}
