using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CoachBot.Coaching.Prompts;
using CoachBot.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// Runs the coach-reply prompt through Semantic Kernel and streams what the configured chat model writes.
/// The request itself travels with the kernel (<see cref="CoachingKernelData"/>) so a model that composes replies from
/// structured facts (the offline coach) sees the same turn the prompt describes.
/// </summary>
public sealed partial class KernelCoachingEngine(
    Kernel kernel,
    PromptLibrary prompts,
    IOptions<CoachingOptions> options,
    ILogger<KernelCoachingEngine> logger) : ICoachingEngine
{
    public async IAsyncEnumerable<CoachingUpdate> StreamReplyAsync(CoachingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prompt = prompts.Get(PromptNames.CoachReply);
        var arguments = CoachReplyArguments.Create(request, options.Value.RecentTurnsInPrompt);
        var turnKernel = kernel.Clone();
        turnKernel.Data[CoachingKernelData.RequestKey] = request;

        var citations = ImmutableArray<Citation>.Empty;
        string? model = null;
        var stream = prompt.Function.InvokeStreamingAsync<StreamingChatMessageContent>(turnKernel, arguments, cancellationToken);
        await using var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StreamingChatMessageContent content;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    break;
                }

                content = enumerator.Current;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not CoachingFailedException)
            {
                LogModelFailed(ex, request.User.Tenant.Value, request.User.User.Value, request.TurnId.ToString());
                throw new CoachingFailedException("The coaching model could not finish this reply. Your message is saved; please try again.", ex);
            }

            model ??= content.ModelId;
            if (content.Metadata?.TryGetValue(CoachingKernelData.CitationsKey, out var value) == true && value is ImmutableArray<Citation> cited)
            {
                citations = cited;
            }

            if (!string.IsNullOrEmpty(content.Content))
            {
                yield return CoachingUpdate.Text(content.Content);
            }
        }

        yield return new CoachingUpdate("", citations, model);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model failed for {TenantId} {UserId} turn {TurnId}")]
    private partial void LogModelFailed(Exception exception, string tenantId, string userId, string turnId);
}

/// <summary>Keys under which the engine and the models exchange structured data.</summary>
public static class CoachingKernelData
{
    /// <summary>Kernel data: the <see cref="CoachingRequest"/> being answered.</summary>
    public const string RequestKey = "coachbot.request";

    /// <summary>Streaming metadata: the <see cref="ImmutableArray{Citation}"/> the reply relied on.</summary>
    public const string CitationsKey = "coachbot.citations";
}
