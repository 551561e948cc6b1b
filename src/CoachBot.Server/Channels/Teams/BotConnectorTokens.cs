using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using CoachBot.Ids;
using CoachBot.Tenancy;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Teams;

/// <summary>
/// CoachBot's own tokens for calling the Bot Connector, one per bot app id, got by client credentials with the tenant's
/// app password and reused until shortly before they expire.
/// </summary>
internal sealed partial class BotConnectorTokens(
    IHttpClientFactory httpClients, ITenantStore tenants, IOptions<TeamsOptions> options, TimeProvider time, ILogger<BotConnectorTokens> logger)
{
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A token for the bot <paramref name="appId"/> of <paramref name="tenant"/>, from the cache when it is fresh enough.</summary>
    public async Task<string> GetAsync(TenantId tenant, string appId, CancellationToken cancellationToken)
    {
        if (Fresh(appId) is { } cached)
        {
            return cached;
        }

        var gate = _gates.GetOrAdd(appId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another reply may have fetched one while this one waited.
            if (Fresh(appId) is { } fetched)
            {
                return fetched;
            }

            var password = await tenants.GetSecretAsync(tenant, TenantSecretKind.TeamsAppPassword, cancellationToken)
                ?? throw new BotConnectorException(0, "The tenant has no Teams app password; replies cannot be sent.");
            var issued = await RequestAsync(appId, password, cancellationToken);
            _tokens[appId] = issued;
            return issued.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops the cached token of <paramref name="appId"/> (the connector refused it, or the password changed).</summary>
    public void Forget(string appId) => _tokens.TryRemove(appId, out _);

    private string? Fresh(string appId) =>
        _tokens.TryGetValue(appId, out var token) && time.GetUtcNow() < token.ExpiresAt - options.Value.TokenRefreshMargin ? token.AccessToken : null;

    private async Task<CachedToken> RequestAsync(string appId, string password, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = appId,
            ["client_secret"] = password,
            ["scope"] = options.Value.TokenScope,
        });
        var client = httpClients.CreateClient(BotConnectorClient.HttpClientName);
        using var response = await client.PostAsync(options.Value.TokenEndpoint, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogTokenRefused(appId, (int)response.StatusCode);
            throw new BotConnectorException((int)response.StatusCode, "The token endpoint refused the bot's credentials.");
        }

        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
        if (body?.AccessToken is not { Length: > 0 } accessToken || body.ExpiresIn <= 0)
        {
            throw new BotConnectorException((int)response.StatusCode, "The token endpoint answered without a token.");
        }

        return new CachedToken(accessToken, time.GetUtcNow().AddSeconds(body.ExpiresIn));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token endpoint refused bot {AppId} with {Status}")]
    private partial void LogTokenRefused(string appId, int status);

    private sealed record CachedToken(string AccessToken, DateTimeOffset ExpiresAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
