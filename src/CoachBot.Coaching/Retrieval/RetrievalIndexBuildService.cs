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
}
