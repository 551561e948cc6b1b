using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Identity;

/// <summary>
/// The "ApiKey" scheme: <c>Authorization: ApiKey &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>, looked up by its SHA-256.
/// The principal carries <c>tid</c> (none for operators), <c>sub</c> (the key id) and <c>role</c>.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ITenantStore store,
    IOptions<ApiKeyOptions> apiKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const string OperatorBootstrapId = "operator-bootstrap";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadPresentedKey(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyFormat.IsWellFormed(presented))
        {
            return Refuse(ErrorCodes.ApiKeyInvalid, "The API key is not valid.");
        }

        var hash = ApiKeyFormat.Hash(presented);
        if (IsBootstrapOperator(hash))
        {
            return Success(OperatorBootstrapId, null, ApiKeyKind.Operator);
        }

        var key = await store.FindApiKeyAsync(hash, Context.RequestAborted);
        if (key is null)
        {
            return Refuse(ErrorCodes.ApiKeyInvalid, "The API key is not valid.");
        }

        if (key.RevokedAt is not null)
        {
            return Refuse(ErrorCodes.ApiKeyRevoked, "The API key has been revoked.");
        }

        var now = TimeProvider.GetUtcNow();
        var granularity = apiKeys.Value.LastUsedGranularity;
        if (key.LastUsedAt is not { } used || now - used >= granularity)
        {
            await store.TouchApiKeyAsync(key.Id, now, granularity, Context.RequestAborted);
        }

        return Success(key.Id, key.TenantId?.Value, key.Kind);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var (code, detail) = result.Failure is CoachBotException refused
            ? (refused.Code, refused.Message)
            : (ErrorCodes.Unauthenticated, "An API key is required: send it as \"Authorization: ApiKey <key>\" or in the X-Api-Key header.");
        Response.Headers.WWWAuthenticate = SchemeName;
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, code, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "This key may not do that.");

    /// <summary>The key in the request, from either header; null when there is none.</summary>
    public static string? ReadPresentedKey(HttpRequest request)
    {
        if (request.Headers[HeaderName] is [{ Length: > 0 } header])
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase)
            ? authorization[(SchemeName.Length + 1)..].Trim()
            : null;
    }

    private bool IsBootstrapOperator(string hash) =>
        apiKeys.Value.OperatorKeyHash is { Length: 64 } configured
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(configured.ToLowerInvariant()), Encoding.ASCII.GetBytes(hash));

    private static AuthenticateResult Refuse(string code, string detail) => AuthenticateResult.Fail(new CoachBotException(code, detail));

    private static AuthenticateResult Success(string keyId, string? tenantId, ApiKeyKind kind)
    {
        var claims = new List<Claim>
        {
            new(CoachBotClaims.Subject, keyId),
            new(CoachBotClaims.Role, ApiKeyFormat.RoleFor(kind)),
            new(CoachBotClaims.Kind, CoachBotClaims.ApiKeyKind),
        };
        if (tenantId is not null)
        {
            claims.Add(new Claim(CoachBotClaims.Tenant, tenantId));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, CoachBotClaims.Subject, CoachBotClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
