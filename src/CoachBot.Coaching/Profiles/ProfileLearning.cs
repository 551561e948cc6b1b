using CoachBot.Coaching.Providers;
using CoachBot.Profiles;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Profiles;

/// <summary>What a user stated about themselves in a message, by the configured means.</summary>
public interface IProfileLearning
{
    /// <summary>The facts stated in <paramref name="message"/>; <see cref="ProfileFacts.None"/> when there are none.</summary>
    Task<ProfileFacts> ExtractAsync(string message, CareerProfile current, CancellationToken cancellationToken);
}

/// <summary>
/// With the offline coach, the deterministic extractor. With an LLM, the structured-output prompt
/// (prompts/extract-profile-facts.yaml); when the model finds nothing or fails, the deterministic extractor still runs,
/// so a stated fact is never lost to a model hiccup.
/// </summary>
public sealed class ProfileLearning(
    IProfileFactExtractor offline,
    Func<LlmProfileFactExtractor> llm,
    IOptions<CoachingOptions> options) : IProfileLearning
{
    public async Task<ProfileFacts> ExtractAsync(string message, CareerProfile current, CancellationToken cancellationToken)
    {
        if (options.Value.Model != LlmProviderNames.Offline)
        {
            var facts = await llm().ExtractAsync(message, current, cancellationToken);
            if (!facts.IsEmpty)
            {
                return facts;
            }
        }

        return offline.Extract(message, current);
    }
}
