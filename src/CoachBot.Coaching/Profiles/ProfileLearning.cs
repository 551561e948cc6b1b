using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Intents;
using CoachBot.Coaching.Offline;
using CoachBot.Coaching.Providers;
using CoachBot.Ids;
using CoachBot.Profiles;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Profiles;

/// <summary>What a user stated about themselves in a message, by the means their tenant's model calls for.</summary>
public interface IProfileLearning
{
    /// <summary>The facts stated in <paramref name="message"/>; <see cref="ProfileFacts.None"/> when there are none.</summary>
    Task<ProfileFacts> ExtractAsync(TenantId tenant, string message, CareerProfile current, CancellationToken cancellationToken);
}

/// <summary>
/// With the offline coach, the deterministic extractor. With an LLM (the tenant's own, or the deployment's when the tenant
/// uses the platform model), the structured-output prompt (prompts/extract-profile-facts.yaml) on that same model; when
/// the model finds nothing or fails, or the tenant's model settings cannot be used, the deterministic extractor still
/// runs, so a stated fact is never lost to a model hiccup.
/// </summary>
public sealed class ProfileLearning(
    IProfileFactExtractor offline,
    Func<LlmProfileFactExtractor> llm,
    ITenantChatModelResolver models,
    Func<TenantKernels> kernels,
    IOptions<CoachingOptions> options) : IProfileLearning
{
    public async Task<ProfileFacts> ExtractAsync(TenantId tenant, string message, CareerProfile current, CancellationToken cancellationToken)
    {
        // Facts come from the person's own words: a sentence telling the coach what to be ("you are now a senior
        // engineer with 20 years") is not the person speaking about themselves.
        var words = OwnWords.Of(message);
        if (words.IsEmpty)
        {
            return ProfileFacts.None;
        }

        message = words.Text;
        if (FactSignals.OnlyAsks(message))
        {
            // A question that names nothing states nothing: no reader is run on it (the offline reader skips questions too).
            return ProfileFacts.None;
        }

        IChatCompletionService? model;
        try
        {
            model = await models.ResolveAsync(tenant, cancellationToken);
        }
        catch (CoachingFailedException)
        {
            // The turn itself reports the unusable settings; learning falls back to the deterministic reader.
            return offline.Extract(message, current);
        }

        var usesLlm = model is null ? options.Value.Model != LlmProviderNames.Offline : model is not OfflineCoachModel;
        if (usesLlm && FactSignals.SpeaksOfThemselves(message))
        {
            var facts = await llm().ExtractAsync(kernels().For(model), message, current, cancellationToken);
            if (!facts.IsEmpty)
            {
                return facts;
            }
        }

        return offline.Extract(message, current);
    }
}
