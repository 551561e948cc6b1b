using CoachBot.Coaching.Profiles;
using CoachBot.Ids;
using CoachBot.Profiles;

namespace CoachBot.Grains.Tests.Support;

/// <summary>
/// Profile learning as the offline extractor does it, except that a message starting with "learn-gate:NAME" waits for the
/// test to open that gate first, as a slow model reading the message would.
/// </summary>
public sealed class GatedProfileLearning(IProfileFactExtractor extractor) : IProfileLearning
{
    public async Task<ProfileFacts> ExtractAsync(TenantId tenant, string message, CareerProfile current, CancellationToken cancellationToken)
    {
        if (message.StartsWith("learn-gate:", StringComparison.Ordinal))
        {
            var gate = ScriptedCoachingEngine.OpenGate(message.Split(' ')[0]);
            gate.Started.TrySetResult();
            await gate.Release.Task.WaitAsync(cancellationToken);
        }

        return extractor.Extract(message, current);
    }
}
