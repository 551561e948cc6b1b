using CoachBot.Coaching.Offline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Providers;

/// <summary>Registers the chat model chosen by <c>Coaching:Model</c>.</summary>
public static class LlmProviderServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LlmProviderOptions"/> from "Coaching:Llm" (the API key may come from COACHBOT_LLM_API_KEY instead), validates
    /// it on start when a remote provider is chosen, adds the resilient named HttpClient and registers the
    /// <see cref="IChatCompletionService"/>: the offline coach, or Semantic Kernel's OpenAI / Azure OpenAI connector.
    /// </summary>
    public static IServiceCollection AddLlmProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmProviderOptions>()
            .Bind(configuration.GetSection(LlmProviderOptions.SectionName))
            .Configure<IOptions<CoachingOptions>>((llm, coaching) =>
            {
                llm.Provider = coaching.Value.Model;
                if (string.IsNullOrWhiteSpace(llm.ApiKey))
                {
                    llm.ApiKey = configuration[LlmProviderOptions.ApiKeyEnvironmentVariable]
                        ?? Environment.GetEnvironmentVariable(LlmProviderOptions.ApiKeyEnvironmentVariable);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        LlmHttpClient.Add(services);
        services.AddSingleton<OfflineCoachModel>();
        services.AddSingleton<ChatModelFactory>();
        services.TryAddSingleton<ITenantChatModelResolver, PlatformChatModelResolver>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CoachingOptions>>().Value.Model switch
        {
            LlmProviderNames.Offline => sp.GetRequiredService<OfflineCoachModel>(),
            _ => LlmChatCompletionFactory.Create(sp),
        });
        return services;
    }
}
