using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CoachBot.Coaching.Approved;
using CoachBot.Coaching.Grounding;
using CoachBot.Coaching.Prompts;
using CoachBot.Coaching.Providers;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;
using CoachBot.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// One coaching turn: work out the context in code (intent, role page, career assessment, grounding sections), render
/// the persona and the intent's prompt through Semantic Kernel, and stream what the configured chat model writes through
/// the <see cref="ReplyPostProcessor"/>, so only checked text leaves the engine. The context travels with the kernel (<see cref="CoachingKernelData"/>) so a model that composes
/// from structured facts (the offline coach) sees exactly what the prompt describes.
/// </summary>
public sealed partial class KernelCoachingEngine(
    TenantKernels kernels,
    PromptLibrary prompts,
    CoachingContextBuilder contexts,
    ApprovedAnswerMatcher approvedAnswers,
    IPersonaSource personas,
    IOptions<CoachingOptions> options,
    ILogger<KernelCoachingEngine> logger) : ICoachingEngine
{
    public async IAsyncEnumerable<CoachingUpdate> StreamReplyAsync(CoachingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var personaSettings = await personas.GetAsync(request.User.Tenant, cancellationToken);
        CoachingContext context;
        using (var retrieval = CoachBotTelemetry.Source.StartActivity("coachbot.retrieval"))
        {
            context = (await contexts.BuildAsync(request, cancellationToken, personaSettings.DefaultRole)) with { CoachName = personaSettings.CoachName };
            if (!string.IsNullOrEmpty(context.Question)
                && await approvedAnswers.FindAsync(request.User.Tenant, context.Question, context.Page?.RoleId, context.Page?.RegionId, cancellationToken) is { } match)
            {
                context = context.WithApproved(match.Answer);
                retrieval?.SetTag("coachbot.approved_answer", match.Answer.Id);
                LogApprovedAnswer(match.Answer.Id, match.Similarity, request.User.Tenant.Value, request.TurnId);
            }

            retrieval?.SetTag(CoachBotTelemetry.Tags.Intent, context.IntentName);
            retrieval?.SetTag("coachbot.sections", context.Sections.Length);
        }

        var turnKernel = (await KernelForAsync(request, cancellationToken)).Clone();
        turnKernel.Data[CoachingKernelData.ContextKey] = context;

        var persona = await RenderPersonaAsync(turnKernel, personaSettings, cancellationToken);
        var prompt = prompts.Get(PromptNames.For(context));
        var arguments = PromptArguments.ForIntent(context, persona, options.Value.RecentTurnsInPrompt);

        // Every model's text passes through one cleaner before anyone sees it; a model that composes its own reply
        // names the sources its [n] markers count from on its first chunk, any other counts from the prompt's sections.
        ReplyPostProcessor? cleaner = null;
        CoachingFailedException? failure = null;
        string? model = null;
        TokenUsage? usage = null;
        // The model span covers the call and its stream; spans the connector starts after a yield hang off the turn.
        using var modelSpan = CoachBotTelemetry.Source.StartActivity("coachbot.model", ActivityKind.Client);
        var stream = ChatPromptRunner.StreamAsync(turnKernel, prompt, arguments, cancellationToken);
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

                var classified = ModelFailureClassifier.Classify(ex);
                LogModelFailed(ex, classified.Kind, request.User.Tenant.Value, request.User.User.Value, request.TurnId.ToString());
                failure = new CoachingFailedException(classified.Message, ex);
                break;
            }

            model ??= StreamingContentReader.Model(content);
            usage = StreamingContentReader.Usage(content) ?? usage;
            cleaner ??= new ReplyPostProcessor(
                content.Metadata?.TryGetValue(CoachingKernelData.SourcesKey, out var value) == true && value is ImmutableArray<RoleSection> composed
                    ? composed
                    : context.Sections);

            // Read once: each read of a streamed content's text searches its items anew.
            if (content.Content is { Length: > 0 } delta)
            {
                var shown = cleaner.Push(delta);
                if (shown.Length > 0)
                {
                    yield return CoachingUpdate.Text(shown);
                }
            }
        }

        modelSpan?.SetTag(CoachBotTelemetry.Tags.Model, model);
        if (failure is not null)
        {
            modelSpan?.SetStatus(ActivityStatusCode.Error, failure.Message);
            // Only what was judged has gone out; a tail held back mid-figure or mid-marker ("USD 400,0") is dropped,
            // never released unjudged.
            throw failure;
        }

        // What was held back to be judged is judged now, with the end of the reply closing every open span.
        cleaner ??= new ReplyPostProcessor(context.Sections);
        var rest = cleaner.Complete();
        if (rest.Length > 0)
        {
            yield return CoachingUpdate.Text(rest);
        }

        var metadata = new ReplyMetadata
        {
            Intent = context.IntentName,
            Assessment = context.Assessment,
            Flags = cleaner.Flags,
            Usage = usage,
            Topic = context.Topic,
        };
        yield return new CoachingUpdate("", cleaner.Citations, model, metadata);
    }

    private async ValueTask<Kernel> KernelForAsync(CoachingRequest request, CancellationToken cancellationToken)
    {
        IChatCompletionService? model;
        try
        {
            model = await kernels.ResolveModelAsync(request.User.Tenant, cancellationToken);
        }
        catch (CoachingFailedException ex)
        {
            LogModelUnusable(ex.Message, request.User.Tenant.Value, request.TurnId.ToString());
            throw;
        }

        return kernels.For(model);
    }

    // The persona template is parsed once; each turn only renders it with the tenant's values.

    /// <summary>
    /// The persona's text with the tenant's name and tone as they are: it becomes an argument of the intent prompt, which
    /// encodes it once more, so it must not arrive encoded already ("Ana's" would reach the model as "Ana&amp;#39;s").
    /// </summary>
    private async Task<string> RenderPersonaAsync(Kernel turnKernel, PersonaOptions settings, CancellationToken cancellationToken)
    {
        var persona = prompts.Get(PromptNames.Persona);
        var arguments = PromptArguments.ForPersona(settings);
        var text = persona.Plain?.TryRender(arguments)
            ?? System.Net.WebUtility.HtmlDecode(await persona.Template.RenderAsync(turnKernel, arguments, cancellationToken));
        return text.Trim();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} of {TenantId} answers with approved answer {AnswerId} (similarity {Similarity:F2})")]
    private partial void LogApprovedAnswer(string answerId, double similarity, string tenantId, Ids.TurnId turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model settings of {TenantId} cannot be used for turn {TurnId}: {Reason}")]
    private partial void LogModelUnusable(string reason, string tenantId, string turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model failed ({FailureKind}) for {TenantId} {UserId} turn {TurnId}")]
    private partial void LogModelFailed(Exception exception, ModelFailureKind failureKind, string tenantId, string userId, string turnId);
}

/// <summary>Keys under which the engine and the models exchange structured data.</summary>
public static class CoachingKernelData
{
    /// <summary>Kernel data: the <see cref="CoachingContext"/> of the turn being answered.</summary>
    public const string ContextKey = "coachbot.context";

    /// <summary>
    /// Streaming metadata on a composed reply's first chunk: the <see cref="ImmutableArray{RoleSection}"/> its [n] markers
    /// refer to, in order. It comes first so markers, figures and names can be checked while the text streams.
    /// </summary>
    public const string SourcesKey = "coachbot.sources";
}
