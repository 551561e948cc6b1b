using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Grains;

/// <summary>Registers what the grains need besides Orleans itself.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Conversation limits, validated on start.</summary>
    public static IServiceCollection AddCoachBotGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>()
            .Bind(configuration.GetSection(ConversationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
