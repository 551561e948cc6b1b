using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CoachBot.Coaching.Prompts;
using CoachBot.Coaching.Providers;
using CoachBot.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// Runs the coach-reply prompt through Semantic Kernel and streams what the configured chat model writes.
/// The request itself travels with the kernel (<see cref="CoachingKernelData"/>) so a model that composes replies from
/// structured facts (the offline coach) sees the same turn the prompt describes. Any failure of the model, before or during
/// streaming, becomes a <see cref="CoachingFailedException"/> whose message says in plain words what went wrong
/// (<see cref="ModelFailureClassifier"/>); text already streamed has been yielded by then. Token usage, when the model reports
/// it, comes with the last update.
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
        TokenUsage? usage = null;
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
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is not CoachingFailedException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // The caller gave up and the transport reported it its own way: still a cancellation, not a failure.
                    throw new OperationCanceledException("The reply was cancelled.", ex, cancellationToken);
                }

                var failure = ModelFailureClassifier.Classify(ex);
                LogModelFailed(ex, failure.Kind, request.User.Tenant.Value, request.User.User.Value, request.TurnId.ToString());
                throw new CoachingFailedException(failure.Message, ex);
            }

            model ??= StreamingContentReader.Model(content);
            usage = StreamingContentReader.Usage(content) ?? usage;
            if (content.Metadata?.TryGetValue(CoachingKernelData.CitationsKey, out var value) == true && value is ImmutableArray<Citation> cited)
            {
                citations = cited;
            }

            if (!string.IsNullOrEmpty(content.Content))
            {
                yield return CoachingUpdate.Text(content.Content);
            }
        }

        yield return new CoachingUpdate("", citations, model, usage);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model failed ({FailureKind}) for {TenantId} {UserId} turn {TurnId}")]
    private partial void LogModelFailed(Exception exception, ModelFailureKind failureKind, string tenantId, string userId, string turnId);
}

/// <summary>Keys under which the engine and the models exchange structured data.</summary>
public static class CoachingKernelData
{
    /// <summary>Kernel data: the <see cref="CoachingRequest"/> being answered.</summary>
    public const string RequestKey = "coachbot.request";

    /// <summary>Streaming metadata: the <see cref="ImmutableArray{Citation}"/> the reply relied on.</summary>
    public const string CitationsKey = "coachbot.citations";
}
