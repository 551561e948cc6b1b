using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using CoachBot.Coaching.Grounding;
using CoachBot.Coaching.Prompts;
using CoachBot.Coaching.Providers;
using CoachBot.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// One coaching turn: work out the context in code (intent, role page, career assessment, grounding sections), render
/// the persona and the intent's prompt through Semantic Kernel, stream what the configured chat model writes, then check
/// the reply's grounding. The context travels with the kernel (<see cref="CoachingKernelData"/>) so a model that composes
/// from structured facts (the offline coach) sees exactly what the prompt describes.
/// </summary>
public sealed partial class KernelCoachingEngine(
    TenantKernels kernels,
    PromptLibrary prompts,
    CoachingContextBuilder contexts,
    IPersonaSource personas,
    IOptions<CoachingOptions> options,
    ILogger<KernelCoachingEngine> logger) : ICoachingEngine
{
    public async IAsyncEnumerable<CoachingUpdate> StreamReplyAsync(CoachingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var personaSettings = await personas.GetAsync(request.User.Tenant, cancellationToken);
        var context = (await contexts.BuildAsync(request, cancellationToken, personaSettings.DefaultRole)) with { CoachName = personaSettings.CoachName };
        var turnKernel = (await KernelForAsync(request, cancellationToken)).Clone();
        turnKernel.Data[CoachingKernelData.ContextKey] = context;

        var persona = await RenderPersonaAsync(turnKernel, personaSettings, cancellationToken);
        var prompt = prompts.Get(PromptNames.For(context));
        var arguments = PromptArguments.ForIntent(context, persona, options.Value.RecentTurnsInPrompt);

        ImmutableArray<Citation>? composedCitations = null;
        string? model = null;
        TokenUsage? usage = null;
        var text = new StringBuilder();
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
                composedCitations = cited;
            }

            if (!string.IsNullOrEmpty(content.Content))
            {
                text.Append(content.Content);
                yield return CoachingUpdate.Text(content.Content);
            }
        }

        // A model that composed its own citations numbered them; otherwise [n] refers to the sections the prompt listed.
        var citations = composedCitations ?? [.. context.Sections.Select(s => s.ToCitation())];
        var flags = GroundingCheck.Check(text.ToString(), context.Sections);
        var metadata = new ReplyMetadata
        {
            Intent = context.IntentName,
            Assessment = context.Assessment,
            Flags = flags,
            Usage = usage,
            Topic = context.Topic,
        };
        yield return new CoachingUpdate("", citations, model, metadata);
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
    private readonly Lazy<IPromptTemplate> _personaTemplate = new(() => new KernelPromptTemplateFactory().Create(prompts.Get(PromptNames.Persona).Config));

    private async Task<string> RenderPersonaAsync(Kernel turnKernel, PersonaOptions settings, CancellationToken cancellationToken) =>
        (await _personaTemplate.Value.RenderAsync(turnKernel, PromptArguments.ForPersona(settings), cancellationToken)).Trim();

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

    /// <summary>Streaming metadata: the <see cref="ImmutableArray{Citation}"/> a composed reply's [n] markers refer to.</summary>
    public const string CitationsKey = "coachbot.citations";
}
