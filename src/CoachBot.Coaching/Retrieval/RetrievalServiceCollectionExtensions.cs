using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Retrieval;

/// <summary>Registers role-content retrieval.</summary>
public static class RetrievalServiceCollectionExtensions
{
    /// <summary>
    /// Options (validated on start), the MiniLM embedder, the index builder, <see cref="HybridRetriever"/> and the hosted
    /// service that builds the index at start-up. Documents come from the <see cref="IRetrievalDocumentSource"/>
    /// registrations, which the caller adds.
    /// </summary>
    public static IServiceCollection AddRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetrievalOptions>()
            .Bind(configuration.GetSection(RetrievalOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.SemanticWeight + o.LexicalWeight > 0, "Retrieval: SemanticWeight and LexicalWeight cannot both be 0.")
            .ValidateOnStart();
        services.TryAddSingleton<ITextEmbedder>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RetrievalOptions>>().Value;
            return new MiniLmEmbedder(options.EmbeddingBatchSize, options.EmbeddingParallelism, options.ResolveCacheDirectory());
        });
        services.TryAddSingleton<RetrievalIndexBuilder>();
        services.TryAddSingleton<HybridRetriever>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WarmUpSchedule>();
        services.AddHostedService<RetrievalIndexBuildService>();
        return services;
    }
}
