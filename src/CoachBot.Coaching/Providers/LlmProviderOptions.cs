using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Connection and resilience settings of a remote chat model, bound from "Coaching:Llm". Which provider is used comes from
/// <c>Coaching:Model</c> (see <see cref="LlmProviderNames"/>); these settings are validated on start only for a remote provider.
/// <see cref="ToString"/> never shows the API key, and nothing in CoachBot logs it.
/// </summary>
public sealed class LlmProviderOptions : IValidatableObject
{
    public const string SectionName = "Coaching:Llm";

    /// <summary>The environment variable the API key is read from when "Coaching:Llm:ApiKey" is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "COACHBOT_LLM_API_KEY";

    /// <summary>The provider chosen by <c>Coaching:Model</c>; copied from <see cref="CoachingOptions.Model"/>, not bound.</summary>
    public string Provider { get; internal set; } = LlmProviderNames.Offline;

    /// <summary>
    /// Base URL of the API: for openai-compatible the OpenAI-style root (e.g. http://localhost:11434/v1), for azure-openai the
    /// resource URL (https://NAME.openai.azure.com). Optional for openai (defaults to OpenAI's own).
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name sent with each request (e.g. gpt-4o-mini, llama3.1:8b). Required except for azure-openai.</summary>
    public string? ModelId { get; set; }

    /// <summary>The Azure OpenAI deployment name. Required for azure-openai.</summary>
    public string? Deployment { get; set; }

    /// <summary>The Azure OpenAI API version; empty uses the connector's default.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// The API key (sent as a bearer token, or as api-key for Azure). Required for openai and azure-openai, optional for
    /// openai-compatible. Falls back to the COACHBOT_LLM_API_KEY environment variable.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The longest wait for a reply to start, every retry included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest wait for the response headers of one attempt before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Optional limit on the wait for the first streamed chunk, retries included. Unset, it is RequestTimeout + StreamIdleTimeout.
    /// </summary>
    public TimeSpan? FirstTokenTimeout { get; set; }

    /// <summary>The longest silence between two streamed chunks once the reply has started.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a request that failed before streaming (429, 5xx, timeout, network error) is retried.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's backoff; later retries back off exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause before a retry, also caps a server's Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Addresses and CIDR ranges on private, loopback or link-local networks that tenants' own model endpoints may still
    /// use (e.g. "10.20.0.0/16" for an in-house inference cluster). Empty by default: tenant models reach public
    /// addresses only. The deployment's own model (<c>Coaching:Llm</c>) is the operator's and is not restricted.
    /// </summary>
    public string[] AllowedPrivateEndpoints { get; set; } = [];

    /// <summary>The endpoint as a URI, once validated.</summary>
    public Uri? EndpointUri => Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) ? uri : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedPrivateEndpoints)
        {
            var text = entry?.Split('/')[0].Trim();
            if (text is null || !System.Net.IPAddress.TryParse(text, out _))
            {
                yield return new ValidationResult($"'{entry}' in Coaching:Llm:AllowedPrivateEndpoints is not an IP address or CIDR range.", [nameof(AllowedPrivateEndpoints)]);
            }
        }

        if (!LlmProviderNames.IsRemote(Provider))
        {
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(Endpoint) && EndpointUri is not { Scheme: "http" or "https" })
        {
            yield return new ValidationResult(
                "Coaching:Llm:Endpoint must be an absolute http or https URL.", [nameof(Endpoint)]);
        }

        if (!string.IsNullOrEmpty(EndpointUri?.UserInfo))
        {
            yield return new ValidationResult(
                "Coaching:Llm:Endpoint must not carry credentials; put the key in Coaching:Llm:ApiKey.", [nameof(Endpoint)]);
        }

        if (Provider is LlmProviderNames.AzureOpenAI or LlmProviderNames.OpenAICompatible && string.IsNullOrWhiteSpace(Endpoint))
        {
            yield return Missing(nameof(Endpoint));
        }

        if (Provider is LlmProviderNames.AzureOpenAI)
        {
            if (string.IsNullOrWhiteSpace(Deployment))
            {
                yield return Missing(nameof(Deployment));
            }
        }
        else if (string.IsNullOrWhiteSpace(ModelId))
        {
            yield return Missing(nameof(ModelId));
        }

        if (Provider is not LlmProviderNames.OpenAICompatible && string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult(
                $"Coaching:Llm:ApiKey (or the {ApiKeyEnvironmentVariable} environment variable) is required for the {Provider} provider.",
                [nameof(ApiKey)]);
        }

        foreach (var error in ValidateLimits())
        {
            yield return error;
        }
    }

    // The resilience pipeline accepts timeouts from 10 ms to a day.
    private static readonly TimeSpan ShortestTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromDays(1);

    private IEnumerable<ValidationResult> ValidateLimits()
    {
        foreach (var (name, value) in new (string, TimeSpan?)[]
        {
            (nameof(RequestTimeout), RequestTimeout),
            (nameof(AttemptTimeout), AttemptTimeout),
            (nameof(FirstTokenTimeout), FirstTokenTimeout),
            (nameof(StreamIdleTimeout), StreamIdleTimeout),
        })
        {
            if (value is { } timeout && (timeout < ShortestTimeout || timeout > LongestTimeout))
            {
                yield return new ValidationResult($"Coaching:Llm:{name} must be between 10 ms and one day.", [name]);
            }
        }

        if (AttemptTimeout > RequestTimeout)
        {
            yield return new ValidationResult("Coaching:Llm:AttemptTimeout must be at most RequestTimeout.", [nameof(AttemptTimeout)]);
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return new ValidationResult("Coaching:Llm:MaxRetries must be between 0 and 10.", [nameof(MaxRetries)]);
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay || MaxRetryDelay > LongestTimeout)
        {
            yield return new ValidationResult(
                "Coaching:Llm:RetryBaseDelay must not be negative, and MaxRetryDelay must be at least RetryBaseDelay and at most one day.",
                [nameof(RetryBaseDelay), nameof(MaxRetryDelay)]);
        }
    }

    private ValidationResult Missing(string name) =>
        new($"Coaching:Llm:{name} is required for the {Provider} provider.", [name]);

    /// <summary>These resilience settings with another model's connection (a tenant's own model).</summary>
    internal LlmProviderOptions WithConnection(ChatModelSettings settings)
    {
        var copy = (LlmProviderOptions)MemberwiseClone();
        copy.Provider = settings.Provider;
        copy.Endpoint = settings.Endpoint;
        copy.ModelId = settings.ModelId;
        copy.Deployment = settings.ModelId;
        copy.ApiKey = settings.ApiKey;
        return copy;
    }

    /// <summary>The settings without the API key, fit for logs.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Provider={Provider}, Endpoint={Endpoint ?? "(default)"}, ModelId={ModelId}, Deployment={Deployment}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")}, RequestTimeout={RequestTimeout}, MaxRetries={MaxRetries}");
}
