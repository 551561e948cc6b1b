using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Providers;
using CoachBot.Coaching.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CoachBot.Coaching.Profiles;

/// <summary>Registers profile fact extraction.</summary>
public static class ProfileExtractionServiceCollectionExtensions
{
    /// <summary>
    /// The offline extractor as <see cref="IProfileFactExtractor"/>, and the model-based <see cref="LlmProfileFactExtractor"/>
    /// (which needs the kernel and prompt library that <c>AddCoachBotCoaching</c> registers).
    /// </summary>
    public static IServiceCollection AddProfileExtraction(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProfileFactExtractor, OfflineProfileFactExtractor>();
        services.TryAddSingleton<LlmProfileFactExtractor>();
        // The model-based extractor needs the kernel and prompts; it is only built when a remote model is configured.
        services.TryAddSingleton<Func<LlmProfileFactExtractor>>(sp => sp.GetRequiredService<LlmProfileFactExtractor>);
        services.TryAddSingleton<Func<TenantKernels>>(sp => sp.GetRequiredService<TenantKernels>);
        services.TryAddSingleton<ITenantChatModelResolver, PlatformChatModelResolver>();
        services.TryAddSingleton<IProfileLearning, ProfileLearning>();
        services.TryAddSingleton<WarmUpSchedule>();
        services.AddHostedService<ProfileReadersWarmUp>();
        return services;
    }
}

/// <summary>
/// Compiles the offline profile readers in the background once warm-up is due (<see cref="WarmUpSchedule"/>) and the
/// retrieval index is out, so no person's first message waits for it (<see cref="OfflineProfileFactExtractor.WarmUp"/>)
/// and start-up does not wait for it either.
/// </summary>
internal sealed class ProfileReadersWarmUp(IServiceProvider services, WarmUpSchedule schedule) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<HybridRetriever>() is { } retriever)
        {
            try
            {
                await retriever.WaitUntilReadyAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Readiness reports a failed build; the readers are worth compiling all the same.
            }
        }

        await schedule.RunWhenDueAsync(OfflineProfileFactExtractor.WarmUp, stoppingToken);
    }
}
