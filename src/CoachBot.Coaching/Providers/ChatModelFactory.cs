using CoachBot.Coaching.Offline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Coaching.Providers;

/// <summary>A chat model chosen by a tenant: the provider, where it is and which model, and the key (never logged).</summary>
/// <param name="Provider">"offline", "openai", "azure-openai" or "openai-compatible".</param>
/// <param name="Endpoint">The API's base URL (required for azure-openai and openai-compatible).</param>
/// <param name="ModelId">The model, or for azure-openai the deployment.</param>
/// <param name="ApiKey">The provider's key (required for openai and azure-openai).</param>
public sealed record ChatModelSettings(string Provider, string? Endpoint, string? ModelId, string? ApiKey)
{
    /// <summary>Without the key, fit for logs.</summary>
    public override string ToString() =>
        $"Provider={Provider}, Endpoint={Endpoint ?? "(default)"}, ModelId={ModelId}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")}";
}

/// <summary>The chat model settings are incomplete or invalid; the message names what is missing, never the key.</summary>
public sealed class ChatModelSettingsException : Exception
{
    public ChatModelSettingsException()
    {
    }

    public ChatModelSettingsException(string message)
        : base(message)
    {
    }

    public ChatModelSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Builds chat models from settings other than <c>Coaching:Llm</c> (a tenant's own). Remote models use the same resilient
/// named HttpClient (retries, timeouts) and stream silence limits as the deployment's configured model.
/// </summary>
public sealed class ChatModelFactory(
    IHttpClientFactory httpClients, IOptions<LlmProviderOptions> platform, OfflineCoachModel offline, OutboundAddressGuard guard, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>The model; throws <see cref="ChatModelSettingsException"/> when the settings cannot work.</summary>
    public IChatCompletionService Create(ChatModelSettings settings)
    {
        if (settings.Provider == LlmProviderNames.Offline)
        {
            return offline;
        }

        if (!LlmProviderNames.IsRemote(settings.Provider))
        {
            throw new ChatModelSettingsException($"'{settings.Provider}' is not a chat model provider.");
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.ModelId))
        {
            missing.Add(settings.Provider == LlmProviderNames.AzureOpenAI ? "a deployment (model id)" : "a model id");
        }

        if (settings.Provider is LlmProviderNames.AzureOpenAI or LlmProviderNames.OpenAICompatible
            && !Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out _))
        {
            missing.Add("an endpoint URL");
        }

        if (settings.Provider is LlmProviderNames.OpenAI or LlmProviderNames.AzureOpenAI && string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            missing.Add("an API key");
        }

        if (missing.Count > 0)
        {
            throw new ChatModelSettingsException($"The {settings.Provider} model needs {string.Join(" and ", missing)}.");
        }

        if (Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint)
            && System.Net.IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var address) && !guard.IsAllowed(address))
        {
            // Refused before any connection: the prompt and the key never leave for the machine's own network.
            throw new ChatModelSettingsException("The model endpoint is on a private, loopback or link-local network, which tenant models may not use.");
        }

        var options = platform.Value.WithConnection(settings);
        return LlmChatCompletionFactory.Create(options, httpClients.CreateClient(LlmHttpClient.TenantName), loggers, time);
    }
}
