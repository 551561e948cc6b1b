using CoachBot.Coaching.Approved;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Prompts;
using CoachBot.Coaching.Profiles;
using CoachBot.Coaching.Providers;
using CoachBot.Coaching.Retrieval;
using CoachBot.Coaching.RoleContent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching;

/// <summary>Registers the coaching engine.</summary>
public static class CoachingServiceCollectionExtensions
{
    /// <summary>Semantic Kernel, the prompt library, the configured model (<see cref="LlmProviderServiceCollectionExtensions.AddLlmProvider"/>) and the engine; options validated on start.</summary>
    public static IServiceCollection AddCoachBotCoaching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CoachingOptions>()
            .Bind(configuration.GetSection(CoachingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PromptLibrary>();
        services.AddRoleContent(configuration);
        services.AddSingleton<CoachingContextBuilder>();
        services.TryAddSingleton<IPersonaSource, ConfiguredPersonaSource>();
        services.AddRetrieval(configuration);
        services.AddSingleton<IRetrievalDocumentSource, RoleContentDocumentSource>();
        services.AddProfileExtraction();
        services.AddKernel();
        // Replaces the kernel AddKernel registers: the same services and plugins, but a cancelled reply is not logged as an error.
        services.AddTransient<Kernel>(CancellationLogging.CreateKernel);
        services.AddLlmProvider(configuration);
        services.AddSingleton<TenantKernels>();
        services.AddApprovedAnswers(configuration);
        services.AddSingleton<ICoachingEngine, KernelCoachingEngine>();
        return services;
    }
}
