using System.Text.RegularExpressions;
using CoachBot.Ids;
using CoachBot.Server.Api;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// Finds the tenant a Slack request is for (by the workspace's team id, else its enterprise id) and checks the request's
/// signature with that tenant's signing secret, or with the signing secret of CoachBot's own app. Nothing in the body is
/// acted on before the signature holds.
/// </summary>
internal sealed partial class SlackRequestVerifier(ITenantStore tenants, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackRequestVerifier> logger)
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>
    /// The tenant (null when the workspace is not connected but CoachBot's own app signed the request), or the 401 to answer.
    /// <paramref name="tenantHint"/> names the tenant whose secret to try for a request that carries no workspace (Slack's
    /// URL check); it never overrides the workspace's own tenant.
    /// </summary>
    public async Task<SlackVerification> VerifyAsync(
        HttpRequest request, byte[] body, string? teamId, string? enterpriseId, string? tenantHint, CancellationToken cancellationToken)
    {
        Tenant? tenant = null;
        foreach (var id in new[] { teamId, enterpriseId })
        {
            if (tenant is null && IsWorkspaceId(id))
            {
                tenant = await tenants.FindTenantBySlackTeamAsync(id!, cancellationToken);
            }
        }

        if (tenant is null && teamId is null && enterpriseId is null && TenantId.TryParse(tenantHint, out var hinted))
        {
            tenant = await tenants.GetTenantAsync(hinted, cancellationToken);
        }

        var secrets = new List<string>(2);
        if (tenant is not null && await tenants.GetSecretAsync(tenant.Id, TenantSecretKind.SlackSigningSecret, cancellationToken) is { } own)
        {
            secrets.Add(own);
        }

        if (!string.IsNullOrEmpty(options.Value.SigningSecret))
        {
            secrets.Add(options.Value.SigningSecret);
        }

        var timestamp = request.Headers[TimestampHeader].ToString();
        var signature = request.Headers[SignatureHeader].ToString();
        var check = SlackSignatureCheck.Missing;
        foreach (var secret in secrets)
        {
            check = SlackSignature.Verify(secret, timestamp, signature, body, time.GetUtcNow(), options.Value.TimestampTolerance);
            if (check is SlackSignatureCheck.Valid or SlackSignatureCheck.Expired or SlackSignatureCheck.Missing)
            {
                break;
            }
        }

        if (check == SlackSignatureCheck.Valid)
        {
            return new SlackVerification(tenant, null);
        }

        LogRefused(teamId ?? enterpriseId ?? "-", check.ToString());
        return new SlackVerification(null, check == SlackSignatureCheck.Expired
            ? Refuse(SlackErrorCodes.RequestExpired, "The request's timestamp is more than five minutes from now.")
            : Refuse(SlackErrorCodes.SignatureInvalid, "The request is not signed with this workspace's Slack signing secret."));
    }

    /// <summary>A Slack team (T…) or enterprise (E…) id, the shape tenant settings accept.</summary>
    public static bool IsWorkspaceId(string? id) => id is not null && WorkspaceId().IsMatch(id);

    private static ProblemHttpResult Refuse(string code, string detail) =>
        TypedResults.Problem(Problems.Create(StatusCodes.Status401Unauthorized, code, detail));

    [GeneratedRegex("^[TE][A-Z0-9]{2,31}$")]
    private static partial Regex WorkspaceId();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Slack request for workspace {TeamId}: signature {SignatureCheck}")]
    private partial void LogRefused(string teamId, string signatureCheck);
}

/// <summary>A verified request's tenant, or the refusal to answer.</summary>
internal sealed record SlackVerification(Tenant? Tenant, IResult? Refusal);

/// <summary>The problem codes of the Slack endpoints.</summary>
internal static class SlackErrorCodes
{
    /// <summary>401: missing, malformed or wrong <c>X-Slack-Signature</c>.</summary>
    public const string SignatureInvalid = "slack_signature_invalid";

    /// <summary>401: <c>X-Slack-Request-Timestamp</c> more than five minutes from now.</summary>
    public const string RequestExpired = "slack_request_expired";

    /// <summary>400: the install link's state is unknown, tampered with, expired or used.</summary>
    public const string InstallStateInvalid = "slack_state_invalid";

    /// <summary>400: Slack did not grant the install (refused, or the code was not accepted).</summary>
    public const string InstallFailed = "slack_install_failed";

    /// <summary>404: the install flow is not configured on this deployment.</summary>
    public const string InstallUnavailable = "slack_install_unavailable";
}
