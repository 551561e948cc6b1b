using CoachBot.Coaching.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>The registration and the start-up build, with a stand-in embedder.</summary>
public sealed class RetrievalRegistrationTests
{
    [Fact]
    public async Task The_hosted_service_builds_the_index_from_every_source_and_reports_ready()
    {
        var shipped = new StaticSource(Document("backend-developer/usa/salary", null));
        var overlay = new StaticSource(Document("acme/backend-developer/usa/salary", "acme"));
        await using var provider = Provider(services => services.AddSingleton<IRetrievalDocumentSource>(shipped).AddSingleton<IRetrievalDocumentSource>(overlay));
        var retriever = provider.GetRequiredService<HybridRetriever>();

        await StartAsync(provider);
        var index = await retriever.WaitUntilReadyAsync(TestContext.Current.CancellationToken);

        Assert.True(retriever.IsReady);
        Assert.Equal(RetrievalIndexState.Ready, retriever.State);
        Assert.Same(index, retriever.Index);
        Assert.Equal(2, index.Documents.Count);
        // Acme's page of the same role and region replaces the shipped one for Acme only.
        var hits = await retriever.SearchAsync(new RetrievalQuery("pay", TenantId: "acme"), TestContext.Current.CancellationToken);
        Assert.Equal("acme/backend-developer/usa/salary", Assert.Single(hits).Document.Id);
        var others = await retriever.SearchAsync(new RetrievalQuery("pay", TenantId: "globex"), TestContext.Current.CancellationToken);
        Assert.Equal("backend-developer/usa/salary", Assert.Single(others).Document.Id);
    }

    [Fact]
    public async Task A_failed_build_is_reported_instead_of_stopping_the_host()
    {
        await using var provider = Provider(services => services.AddSingleton<IRetrievalDocumentSource>(new FailingSource()));
        var retriever = provider.GetRequiredService<HybridRetriever>();

        await StartAsync(provider);

        await Assert.ThrowsAsync<InvalidDataException>(() => retriever.WaitUntilReadyAsync(TestContext.Current.CancellationToken));
        Assert.False(retriever.IsReady);
        Assert.Equal(RetrievalIndexState.Failed, retriever.State);
        Assert.IsType<InvalidDataException>(retriever.Failure);
        Assert.Null(retriever.Index);
    }

    [Fact]
    public void Before_the_build_the_retriever_is_not_ready()
    {
        var retriever = new HybridRetriever();

        Assert.False(retriever.IsReady);
        Assert.Equal(RetrievalIndexState.Building, retriever.State);
        Assert.Null(retriever.Index);
    }

    [Fact]
    public void Options_bind_from_the_retrieval_section_and_the_real_embedder_is_the_default()
    {
        var configuration = Configuration(new() { ["Retrieval:TopK"] = "3", ["Retrieval:CacheDirectory"] = "cache" });
        using var provider = new ServiceCollection().AddLogging().AddRetrieval(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<RetrievalOptions>>().Value;

        Assert.Equal(3, options.TopK);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "cache"), options.ResolveCacheDirectory());
        Assert.IsType<MiniLmEmbedder>(provider.GetRequiredService<ITextEmbedder>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<RetrievalIndexBuildService>());
    }

    [Theory]
    [InlineData("Retrieval:TopK", "0")]
    [InlineData("Retrieval:PassageMaxWords", "500")]
    [InlineData("Retrieval:SemanticWeight", "1.5")]
    public void Invalid_options_fail_validation(string key, string value)
    {
        using var provider = new ServiceCollection().AddLogging().AddRetrieval(Configuration(new() { [key] = value })).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RetrievalOptions>>().Value);
    }

    [Fact]
    public void Turning_off_both_signals_fails_validation()
    {
        var configuration = Configuration(new() { ["Retrieval:SemanticWeight"] = "0", ["Retrieval:LexicalWeight"] = "0" });
        using var provider = new ServiceCollection().AddLogging().AddRetrieval(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RetrievalOptions>>().Value);
        Assert.Contains("cannot both be 0", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Action<IServiceCollection> addSources)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<ITextEmbedder, HashingEmbedder>()
            .AddRetrieval(Configuration([]));
        addSources(services);
        return services.BuildServiceProvider();
    }

    private static async Task StartAsync(IServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static RetrievalDocument Document(string id, string? tenant) =>
        new(id, tenant, "backend-developer", "usa", "salary", "Salary and market signals", "- Backend Developer: USD 110,000–145,000 base", "2026.11.1");

    private sealed class StaticSource(params RetrievalDocument[] documents) : IRetrievalDocumentSource
    {
        public Task<IReadOnlyList<RetrievalDocument>> GetDocumentsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RetrievalDocument>>(documents);
    }

    private sealed class FailingSource : IRetrievalDocumentSource
    {
        public Task<IReadOnlyList<RetrievalDocument>> GetDocumentsAsync(CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<RetrievalDocument>>(new InvalidDataException("broken page"));
    }
}
