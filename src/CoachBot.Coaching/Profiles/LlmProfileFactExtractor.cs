using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Prompts;
using CoachBot.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Extracts profile facts with a chat model: runs prompts/extract-profile-facts.yaml through Semantic Kernel and reads the
/// JSON it returns. Extraction is best effort: an answer that is not valid JSON, or a model that fails, yields no facts
/// (and a warning in the log) rather than an error, so a turn never fails because its facts could not be read.
/// </summary>
public sealed partial class LlmProfileFactExtractor(
    Kernel kernel,
    PromptLibrary prompts,
    TimeProvider timeProvider,
    ILogger<LlmProfileFactExtractor> logger)
{
    /// <summary>The facts the message states about the user, as the deployment's model reads them.</summary>
    public Task<ProfileFacts> ExtractAsync(string userMessage, CareerProfile current, CancellationToken cancellationToken) =>
        ExtractAsync(kernel, userMessage, current, cancellationToken);

    /// <summary>The facts the message states about the user, as the chat model of <paramref name="modelKernel"/> reads them.</summary>
    public async Task<ProfileFacts> ExtractAsync(Kernel modelKernel, string userMessage, CareerProfile current, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userMessage))
        {
            return ProfileFacts.None;
        }

        var prompt = prompts.Get(PromptNames.ExtractProfileFacts);
        var arguments = ProfileFactArguments.Create(userMessage, current, timeProvider.GetUtcNow());
        string? reply;
        try
        {
            var result = await prompt.Function.InvokeAsync(modelKernel, arguments, cancellationToken);
            reply = result.GetValue<string>();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogModelFailed(ex);
            return ProfileFacts.None;
        }

        return ProfileFactsJson.Parse(reply, userMessage, logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The profile fact model failed; no facts taken from this message")]
    private partial void LogModelFailed(Exception exception);
}
