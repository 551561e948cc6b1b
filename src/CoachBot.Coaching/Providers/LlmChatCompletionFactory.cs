using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Builds Semantic Kernel's chat connector for the configured remote provider over the resilient named HttpClient (a connector
/// given its own HttpClient turns its built-in retries off, so retries happen once, in <see cref="LlmHttpClient"/>), wrapped in
/// the stream silence limits.
/// </summary>
internal static class LlmChatCompletionFactory
{
    public static IChatCompletionService Create(IServiceProvider services) => Create(
        services.GetRequiredService<IOptions<LlmProviderOptions>>().Value,
        services.GetRequiredService<IHttpClientFactory>().CreateClient(LlmHttpClient.Name),
        services.GetService<ILoggerFactory>(),
        services.GetRequiredService<TimeProvider>());

    public static IChatCompletionService Create(LlmProviderOptions options, HttpClient httpClient, ILoggerFactory? loggerFactory, TimeProvider timeProvider)
    {
        var endpoint = options.EndpointUri is { } uri ? new Uri(uri.AbsoluteUri.TrimEnd('/')) : null;

#pragma warning disable SKEXP0010 // A custom endpoint for the OpenAI connector is how OpenAI-compatible servers are reached.
        IChatCompletionService connector = options.Provider switch
        {
            LlmProviderNames.OpenAI when endpoint is null =>
                new OpenAIChatCompletionService(options.ModelId!, options.ApiKey!, httpClient: httpClient, loggerFactory: loggerFactory),
            LlmProviderNames.OpenAI or LlmProviderNames.OpenAICompatible =>
                new OpenAIChatCompletionService(options.ModelId!, endpoint!, NullIfBlank(options.ApiKey), httpClient: httpClient, loggerFactory: loggerFactory),
            LlmProviderNames.AzureOpenAI =>
                new AzureOpenAIChatCompletionService(
                    options.Deployment!, endpoint!.AbsoluteUri, options.ApiKey!, NullIfBlank(options.ModelId), httpClient, loggerFactory, NullIfBlank(options.ApiVersion)),
            _ => throw new InvalidOperationException($"'{options.Provider}' is not a remote chat model provider."),
        };
#pragma warning restore SKEXP0010

        return new StreamTimeoutChatCompletionService(connector, options, timeProvider);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
