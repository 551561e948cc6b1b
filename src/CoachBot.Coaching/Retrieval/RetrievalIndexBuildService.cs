using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// Builds the retrieval index in the background at start-up, from every registered <see cref="IRetrievalDocumentSource"/>,
/// and hands it to <see cref="HybridRetriever"/>. Start-up does not wait for it. A failed build is logged and reported
/// through <see cref="HybridRetriever.State"/> instead of stopping the host: coaching still works without retrieval.
/// </summary>
public sealed class RetrievalIndexBuildService(
    IEnumerable<IRetrievalDocumentSource> sources,
    RetrievalIndexBuilder builder,
    HybridRetriever retriever,
    WarmUpSchedule schedule,
    ILogger<RetrievalIndexBuildService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var documents = new List<RetrievalDocument>();
            foreach (var source in sources)
            {
                documents.AddRange(await source.GetDocumentsAsync(stoppingToken));
            }

            if (documents.Count == 0)
            {
                logger.LogWarning("No retrieval documents: searches will return nothing.");
            }

            var index = await Task.Run(() => builder.Build(documents, stoppingToken), stoppingToken);
            retriever.Publish(index);
            if (index.Statistics.EmbeddedPassages == 0)
            {
                await WarmUpAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException ex) when (stoppingToken.IsCancellationRequested)
        {
            retriever.Fail(ex);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Building the retrieval index failed; retrieval is unavailable.");
            retriever.Fail(ex);
        }
    }

    // Every vector came from the cache, so the model is not loaded yet: load it once warm-up is due, not while the host
    // starts. A model that cannot load fails the first query that needs it, as it would have failed there anyway; the
    // index stays published.
    private async Task WarmUpAsync(CancellationToken stoppingToken)
    {
        try
        {
            await schedule.RunWhenDueAsync(builder.WarmUp, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Loading the embedding model after the retrieval index was published failed.");
        }
        catch (OperationCanceledException)
        {
            // Stopping: nothing to warm up for.
        }
    }
}
