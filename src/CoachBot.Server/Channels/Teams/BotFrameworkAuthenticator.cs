using System.Text.Json;
using CoachBot.Conversations;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// Checks that a request really comes from the Bot Framework for this activity: an RS256 token signed by a key of the
/// OpenID metadata's key set, from the Bot Framework issuer, for some bot's app id, within its lifetime (with skew),
/// carrying the activity's service URL, and signed by a key endorsed for the activity's channel.
/// </summary>
internal sealed partial class BotFrameworkAuthenticator
{
    public const string MetadataClientName = "CoachBot.Teams.Metadata";

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly TeamsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotFrameworkAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BotFrameworkAuthenticator(IOptions<TeamsOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<BotFrameworkAuthenticator> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        var retriever = new HttpDocumentRetriever(httpClients.CreateClient(MetadataClientName)) { RequireHttps = _options.RequireHttps };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(_options.OpenIdMetadataUrl.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            AutomaticRefreshInterval = _options.KeyRefreshInterval,
        };
    }

    /// <summary>The bot's app id the token is for, or why the request is refused.</summary>
    public async Task<BotFrameworkAuthentication> AuthenticateAsync(string? authorization, TeamsActivity activity, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            return BotFrameworkAuthentication.Refuse(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "A Bot Framework bearer token is required.");
        }

        var token = authorization[7..].Trim();
        if (!FromBotFrameworkIssuer(token))
        {
            // Malformed, or some other issuer's token (e.g. a CoachBot session): refused without fetching any keys.
            return BotFrameworkAuthentication.Refuse(StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid, "The Bot Framework token is not valid.");
        }

        OpenIdConnectConfiguration configuration;
        TokenValidationResult result;
        try
        {
            configuration = await _metadata.GetConfigurationAsync(cancellationToken);
            result = await _handler.ValidateTokenAsync(token, Parameters(configuration));
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // Keys roll over: a token signed with a key that is new to us fetches the key set again, once.
                _metadata.RequestRefresh();
                configuration = await _metadata.GetConfigurationAsync(cancellationToken);
                result = await _handler.ValidateTokenAsync(token, Parameters(configuration));
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or HttpRequestException)
        {
            LogMetadataUnavailable(exception);
            return BotFrameworkAuthentication.Refuse(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The Bot Framework signing keys cannot be read right now; retry later.");
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            LogRefused(result.Exception);
            return result.Exception is SecurityTokenExpiredException or SecurityTokenNotYetValidException
                ? BotFrameworkAuthentication.Refuse(StatusCodes.Status401Unauthorized, ErrorCodes.TokenExpired, "The Bot Framework token has expired.")
                : BotFrameworkAuthentication.Refuse(StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid, "The Bot Framework token is not valid.");
        }

        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrl) || !SameServiceUrl(serviceUrl, activity.ServiceUrl))
        {
            return BotFrameworkAuthentication.Refuse(StatusCodes.Status403Forbidden, TeamsErrorCodes.ServiceUrlMismatch, "The token was not issued for this activity's service URL.");
        }

        if (!Endorsements(configuration, jwt.Kid).Contains(activity.ChannelId ?? "", StringComparer.OrdinalIgnoreCase))
        {
            return BotFrameworkAuthentication.Refuse(StatusCodes.Status403Forbidden, TeamsErrorCodes.ChannelNotEndorsed, "The signing key is not endorsed for this activity's channel.");
        }

        return BotFrameworkAuthentication.Accept(jwt.Audiences.Single());
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = _options.Issuer,
        ValidateIssuer = true,
        // The audience is some bot's app id; which tenant has it is decided next, so any single app id passes here.
        ValidateAudience = true,
        AudienceValidator = (audiences, _, _) => audiences.Count() == 1 && Guid.TryParse(audiences.Single(), out _),
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = _options.ClockSkew,
        LifetimeValidator = (notBefore, expires, _, parameters) => IsLive(notBefore, expires, parameters.ClockSkew),
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKeys = configuration.SigningKeys,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
    };

    private bool FromBotFrameworkIssuer(string token)
    {
        try
        {
            return string.Equals(new JsonWebToken(token).Issuer, _options.Issuer, StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private bool IsLive(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is not { } until)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (now > until + skew)
        {
            throw new SecurityTokenExpiredException("The token has expired.");
        }

        if (notBefore is { } from && now < from - skew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.");
        }

        return true;
    }

    private static bool SameServiceUrl(string? claimed, string? activity) =>
        claimed is { Length: > 0 } && activity is { Length: > 0 }
        && string.Equals(claimed.TrimEnd('/'), activity.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The channels the key with <paramref name="keyId"/> is endorsed for (the key set's <c>endorsements</c>).</summary>
    private static IEnumerable<string> Endorsements(OpenIdConnectConfiguration configuration, string? keyId)
    {
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => keyId is not null && string.Equals(k.Kid, keyId, StringComparison.Ordinal));
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return [];
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
            IEnumerable<object> items => items.Select(item => item?.ToString() ?? ""),
            _ => [],
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Framework signing keys cannot be read")]
    private partial void LogMetadataUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a Bot Framework token")]
    private partial void LogRefused(Exception? reason);
}

/// <summary>The outcome of checking a Bot Framework request.</summary>
internal sealed record BotFrameworkAuthentication(string? AppId, int Status, string? Code, string? Detail)
{
    public bool Accepted => AppId is not null;

    public static BotFrameworkAuthentication Accept(string appId) => new(appId, StatusCodes.Status200OK, null, null);

    public static BotFrameworkAuthentication Refuse(int status, string code, string detail) => new(null, status, code, detail);
}

/// <summary>Problem codes of the Teams endpoint beyond the shared ones.</summary>
public static class TeamsErrorCodes
{
    /// <summary>The token's <c>serviceurl</c> claim differs from the activity's service URL.</summary>
    public const string ServiceUrlMismatch = "service_url_mismatch";

    /// <summary>The signing key is not endorsed for the activity's channel.</summary>
    public const string ChannelNotEndorsed = "channel_not_endorsed";

    /// <summary>No CoachBot tenant has the bot the token is for (or its Microsoft Entra tenant is not the one allowed).</summary>
    public const string BotUnknown = "teams_bot_unknown";

    /// <summary>The activity is not a Bot Framework activity CoachBot can read.</summary>
    public const string ActivityInvalid = "activity_invalid";
}
