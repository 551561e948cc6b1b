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
/// the stream silence limits. OpenAI and OpenAI-compatible replies stream through <see cref="OpenAIStreamingChatService"/>
/// over the same client; Azure OpenAI's go through the connector.
/// </summary>
internal static class LlmChatCompletionFactory
{
    /// <summary>OpenAI's own API root, where the connector goes when no endpoint is configured.</summary>
    internal static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");

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
            LlmProviderNames.OpenAI when endpoint is null => new OpenAIStreamingChatService(
                new OpenAIChatCompletionService(options.ModelId!, options.ApiKey!, httpClient: httpClient, loggerFactory: loggerFactory),
                httpClient, OpenAIEndpoint, options.ModelId!, options.ApiKey),
            LlmProviderNames.OpenAI or LlmProviderNames.OpenAICompatible => new OpenAIStreamingChatService(
                new OpenAIChatCompletionService(options.ModelId!, endpoint!, NullIfBlank(options.ApiKey), httpClient: httpClient, loggerFactory: loggerFactory),
                httpClient, endpoint!, options.ModelId!, NullIfBlank(options.ApiKey)),
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
