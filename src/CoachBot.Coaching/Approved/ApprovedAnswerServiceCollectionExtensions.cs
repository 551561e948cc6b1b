using CoachBot.Ids;
using CoachBot.Review;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoachBot.Coaching.Approved;

/// <summary>Registers what lets replies use the answers a tenant's coaches approved.</summary>
public static class ApprovedAnswerServiceCollectionExtensions
{
    /// <summary>
    /// Options (validated on start) and the <see cref="ApprovedAnswerMatcher"/>. The answers come from the registered
    /// <see cref="IApprovedAnswerStore"/>; without one (the engine on its own) there are none.
    /// </summary>
    public static IServiceCollection AddApprovedAnswers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApprovedAnswerOptions>()
            .Bind(configuration.GetSection(ApprovedAnswerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IApprovedAnswerStore, NoApprovedAnswers>();
        services.TryAddSingleton<ApprovedAnswerMatcher>();
        return services;
    }

    private sealed class NoApprovedAnswers : IApprovedAnswerStore
    {
        public Task<IReadOnlyList<ApprovedAnswer>> ListApprovedAnswersAsync(TenantId tenantId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ApprovedAnswer>>([]);
    }
}
