using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// Where the Bot Framework lives and how CoachBot talks to it. Section <c>Channels:Teams</c>. The defaults are Microsoft's
/// public cloud; tests point every URL at a local connector.
/// </summary>
public sealed class TeamsOptions : IValidatableObject
{
    public const string SectionName = "Channels:Teams";

    /// <summary>The OpenID metadata document whose <c>jwks_uri</c> lists the keys that sign the Bot Framework's requests.</summary>
    [Required]
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>The issuer the Bot Framework's tokens carry.</summary>
    [Required]
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>Where CoachBot gets its own token (client credentials) to call the Bot Connector.</summary>
    [Required]
    public Uri TokenEndpoint { get; set; } = new("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token");

    /// <summary>The scope of that token.</summary>
    [Required]
    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// True (the default) requires HTTPS for the metadata, the token endpoint and every activity's service URL; only a
    /// local test connector turns it off.
    /// </summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Clock skew allowed when checking a token's lifetime.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the signing keys are fetched again (they also are when a token names an unknown key).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Activities waiting for a worker; when full, new ones are refused with 503 so the Bot Framework delivers them again.</summary>
    [Range(1, 10_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Activities handled at once on this host.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 16;

    /// <summary>The pause between streamed updates in a personal chat (Teams accepts about one a second).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan StreamInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the typing indicator is sent again while a reply is written outside personal chats.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries of a connector call answered 429 or 5xx.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay when the connector names none; later ones grow exponentially.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait for one retry, whatever Retry-After asks.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long before its expiry a cached connector token is replaced.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a delivered activity id is remembered, so a redelivery is not answered twice.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan RedeliveryWindow { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, uri) in new[] { (nameof(OpenIdMetadataUrl), OpenIdMetadataUrl), (nameof(TokenEndpoint), TokenEndpoint) })
        {
            if (uri is null || !uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && (RequireHttps || uri.Scheme != Uri.UriSchemeHttp)))
            {
                yield return new ValidationResult($"{name} must be an absolute HTTPS URL (HTTP only with RequireHttps false).", [name]);
            }
        }
    }

    /// <summary>True when CoachBot may send its token to <paramref name="serviceUrl"/>.</summary>
    internal bool IsAcceptableServiceUrl(Uri serviceUrl) =>
        serviceUrl.IsAbsoluteUri && (serviceUrl.Scheme == Uri.UriSchemeHttps || (!RequireHttps && serviceUrl.Scheme == Uri.UriSchemeHttp));
}
