using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Channels.Slack;

/// <summary>The Slack adapter. Section <c>Channels:Slack</c>.</summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string SectionName = "Channels:Slack";

    /// <summary>The Slack Web API base URL; https, or http on a loopback address (a local emulator).</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Where the OAuth install sends the browser to approve the app.</summary>
    [Required]
    public Uri AuthorizeUrl { get; set; } = new("https://slack.com/oauth/v2/authorize");

    /// <summary>
    /// The signing secret of CoachBot's own (OAuth-distributed) Slack app; used for workspaces whose tenant has no signing
    /// secret of its own, and for <c>url_verification</c>. Empty when every tenant brings its own app.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9]{16,128}$")]
    public string? SigningSecret { get; set; }

    /// <summary>The OAuth client id of CoachBot's own Slack app; empty turns the install flow off.</summary>
    [RegularExpression(@"^[0-9]{1,32}\.[0-9]{1,32}$")]
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret of CoachBot's own Slack app.</summary>
    [RegularExpression("^[A-Za-z0-9]{16,128}$")]
    public string? ClientSecret { get; set; }

    /// <summary>The public URL of <c>/api/slack/oauth/callback</c> as registered with the app; null derives it from the request.</summary>
    public Uri? RedirectUrl { get; set; }

    /// <summary>The bot scopes the install asks for.</summary>
    [Required, MinLength(1)]
    public string[] Scopes { get; set; } = ["app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write"];

    /// <summary>
    /// The hosts a slash command's <c>response_url</c> may point at; CoachBot answers there only when it cannot post in
    /// the conversation. Any other host is ignored, so a request cannot make CoachBot call an arbitrary address.
    /// </summary>
    [Required, MinLength(1)]
    public string[] ResponseUrlHosts { get; set; } = ["hooks.slack.com"];

    /// <summary>How long an install link (its signed state) stays usable.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan InstallStateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Requests whose timestamp is further than this from now are refused (replay protection).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:05:00")]
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long delivered event ids are remembered, so Slack's retries (up to ~5 minutes later) are answered once.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "7.00:00:00")]
    public TimeSpan DeliveryMemory { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How the reply is streamed: <c>Auto</c> (streaming methods where the workspace has them), <c>Stream</c> or <c>Update</c>.</summary>
    public SlackStreamingMode Streaming { get; set; } = SlackStreamingMode.Auto;

    /// <summary>The least time between two updates of a streaming reply.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Slack work (turns, notices) waiting for a worker; beyond it Slack is asked to deliver again later.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Slack work items handled at once by this host.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>Retries of a Web API call answered 429 (after its Retry-After).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The longest Retry-After honoured; a longer one fails the call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one Web API call may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>True when the OAuth install flow is configured.</summary>
    public bool CanInstall => !string.IsNullOrEmpty(ClientId) && !string.IsNullOrEmpty(ClientSecret);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (url, name) in new[] { (ApiBaseUrl, nameof(ApiBaseUrl)), (AuthorizeUrl, nameof(AuthorizeUrl)), (RedirectUrl, nameof(RedirectUrl)) })
        {
            if (url is not null && !IsSafe(url))
            {
                yield return new ValidationResult($"{name} must be an absolute https URL (http only on a loopback address).", [name]);
            }
        }

        if (!ApiBaseUrl.AbsolutePath.EndsWith('/'))
        {
            yield return new ValidationResult($"{nameof(ApiBaseUrl)} must end with '/'.", [nameof(ApiBaseUrl)]);
        }

        if (string.IsNullOrEmpty(ClientId) != string.IsNullOrEmpty(ClientSecret))
        {
            yield return new ValidationResult($"{nameof(ClientId)} and {nameof(ClientSecret)} are set together.", [nameof(ClientId), nameof(ClientSecret)]);
        }

        if (ResponseUrlHosts.Any(host => Uri.CheckHostName(host) == UriHostNameType.Unknown))
        {
            yield return new ValidationResult($"{nameof(ResponseUrlHosts)} must be host names.", [nameof(ResponseUrlHosts)]);
        }

        if (Scopes.Any(scope => string.IsNullOrWhiteSpace(scope) || scope.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_'))))
        {
            yield return new ValidationResult($"{nameof(Scopes)} must be Slack scope names.", [nameof(Scopes)]);
        }
    }

    /// <summary>True for a response URL CoachBot may answer at: https (or http on loopback) on one of <see cref="ResponseUrlHosts"/>.</summary>
    public bool IsResponseUrl(Uri url) =>
        IsSafe(url) && ResponseUrlHosts.Contains(url.IdnHost, StringComparer.OrdinalIgnoreCase);

    private static bool IsSafe(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)) && string.IsNullOrEmpty(url.UserInfo);
}

/// <summary>How a reply reaches Slack while it is written.</summary>
public enum SlackStreamingMode
{
    /// <summary>Slack's streaming methods, falling back to post and update where a workspace lacks them.</summary>
    Auto,

    /// <summary>Always the streaming methods.</summary>
    Stream,

    /// <summary>Always post once, then update about once a second.</summary>
    Update,
}
