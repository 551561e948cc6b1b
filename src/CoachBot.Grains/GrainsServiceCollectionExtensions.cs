using CoachBot.Conversations;
using CoachBot.Grains.FaultInjection;
using CoachBot.Grains.Quotas;
using CoachBot.Grains.Turns;
using CoachBot.Ids;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoachBot.Grains;

/// <summary>Registers what the grains need besides Orleans itself.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Conversation limits, validated on start; no client notifications unless the host registers its own; no fault
    /// injection unless the configuration has a "FaultInjection" section.
    /// </summary>
    public static IServiceCollection AddCoachBotGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>()
            .Bind(configuration.GetSection(ConversationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IUserNotifications, NoUserNotifications>();
        services.TryAddSingleton<TurnStreams>();
        services.TryAddSingleton<UsageCounters>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, UsageFlushOnStop>();
        var faults = configuration.GetSection(FaultInjectionOptions.SectionName);
        if (faults.Exists())
        {
            services.AddOptions<FaultInjectionOptions>().Bind(faults).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<ITurnPhaseHook, ConfiguredTurnPause>();
        }

        services.TryAddSingleton<ITurnPhaseHook, NoTurnPhaseHook>();
        return services;
    }

    /// <summary>For hosts without clients to tell (tools, tests of the grains alone).</summary>
    private sealed class NoUserNotifications : IUserNotifications
    {
        public Task TurnStartedAsync(UserKey user, TurnStarted started, TurnOrigin origin) => Task.CompletedTask;

        public Task CoachMessageAsync(UserKey user, CoachMessage message, ChannelAddress? address) => Task.CompletedTask;
    }
}
