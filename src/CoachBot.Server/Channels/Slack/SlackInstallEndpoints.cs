using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tenancy;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// Installing CoachBot's own Slack app into a workspace for a tenant: a tenant admin asks for the install link, Slack
/// sends the browser back with a code, and the code is exchanged for the workspace's bot token, which is stored
/// encrypted with the tenant while the workspace is mapped to it. The link's state is signed, short-lived and works once.
/// </summary>
internal static partial class SlackInstallEndpoints
{
    private const string StatePurpose = "CoachBot.Slack.InstallState";
    private const string StateLog = "slack-install-state";
    private const int MaxSlackTeams = 50;

    public static IEndpointRouteBuilder MapSlackInstallEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/slack/install", Install).WithName("SlackInstall").WithTags("Slack")
            .RequireAuthorization(ApiKeyRegistration.TenantAdminPolicy)
            .WithSummary("Redirects to Slack to install CoachBot's app into a workspace of the caller's tenant.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/slack/oauth/callback", CallbackAsync).WithName("SlackOAuthCallback").WithTags("Slack").AllowAnonymous()
            .WithSummary("Where Slack returns after an install: stores the workspace's bot token (encrypted) and maps the workspace to the tenant.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static IResult Install(ClaimsPrincipal principal, HttpRequest request, IOptions<SlackOptions> options, IDataProtectionProvider protection)
    {
        var slack = options.Value;
        if (!slack.CanInstall)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status404NotFound, SlackErrorCodes.InstallUnavailable,
                "This deployment has no Slack app to install (Channels:Slack:ClientId and ClientSecret are not set)."));
        }

        var actor = principal.ToAuditActor();
        var state = new InstallState(principal.RequireTenant().Value, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), actor.Kind, actor.Id);
        var protectedState = Protector(protection).Protect(state.ToText(), slack.InstallStateLifetime);
        var url = QueryHelpers.AddQueryString(slack.AuthorizeUrl.ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = slack.ClientId,
            ["scope"] = string.Join(',', slack.Scopes),
            ["state"] = protectedState,
            ["redirect_uri"] = RedirectUri(request, slack).ToString(),
        });
        return TypedResults.Redirect(url);
    }

    private static async Task<IResult> CallbackAsync(
        HttpRequest request, string? code, string? state, string? error,
        IOptions<SlackOptions> options, IDataProtectionProvider protection, IChannelEventLog used, SlackWebApi api,
        ITenantStore tenants, CachedTenantSettings cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var slack = options.Value;
        if (!slack.CanInstall)
        {
            return Problem(StatusCodes.Status404NotFound, SlackErrorCodes.InstallUnavailable, "This deployment has no Slack app to install.");
        }

        if (error is not null)
        {
            return Problem(StatusCodes.Status400BadRequest, SlackErrorCodes.InstallFailed, "Slack did not install the app; start the install again to retry.");
        }

        if (string.IsNullOrEmpty(code) || code.Length > 512 || string.IsNullOrEmpty(state) || state.Length > 4096)
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidArgument, "code and state are required.");
        }

        InstallState? install;
        try
        {
            install = InstallState.Parse(Protector(protection).Unprotect(state));
        }
        catch (CryptographicException)
        {
            install = null;
        }

        var now = time.GetUtcNow();
        if (install is null || !TenantId.TryParse(install.Tenant, out var tenantId)
            || !await used.TryTakeAsync(StateLog, install.Nonce, now, slack.InstallStateLifetime + TimeSpan.FromMinutes(5), cancellationToken))
        {
            return Problem(StatusCodes.Status400BadRequest, SlackErrorCodes.InstallStateInvalid, "The install link is invalid, expired or already used; start the install again.");
        }

        SlackInstallation installed;
        try
        {
            installed = await api.ExchangeCodeAsync(slack.ClientId!, slack.ClientSecret!, code, RedirectUri(request, slack), cancellationToken);
        }
        catch (SlackApiException)
        {
            return Problem(StatusCodes.Status400BadRequest, SlackErrorCodes.InstallFailed, "Slack did not accept the install code; start the install again.");
        }
        catch (HttpRequestException)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Slack could not be reached; start the install again in a minute.");
        }

        var workspace = installed.IsEnterpriseInstall && installed.EnterpriseId is { } enterprise ? enterprise : installed.TeamId;
        if (!SlackRequestVerifier.IsWorkspaceId(workspace) || !BotToken().IsMatch(installed.BotToken))
        {
            return Problem(StatusCodes.Status400BadRequest, SlackErrorCodes.InstallFailed, "Slack answered the install with an unexpected workspace or token.");
        }

        var tenant = await tenants.GetTenantAsync(tenantId, cancellationToken)
            ?? throw new CoachBotException(ErrorCodes.NotFound, "The tenant that started the install no longer exists.");
        var current = tenant.Settings.Channels.Slack;
        var teamIds = current.TeamIds.Append(workspace).Distinct(StringComparer.Ordinal).ToList();
        if (teamIds.Count > MaxSlackTeams)
        {
            throw new CoachBotException(ErrorCodes.SettingsInvalid, $"A tenant may connect at most {MaxSlackTeams} Slack workspaces.");
        }

        var settings = tenant.Settings with
        {
            Channels = tenant.Settings.Channels with
            {
                Slack = current with { TeamIds = teamIds, AppId = installed.AppId is { } app && AppId().IsMatch(app) ? app : current.AppId },
            },
        };
        // Claiming a workspace another tenant holds throws channel_in_use (409) and stores nothing.
        await tenants.UpdateTenantAsync(tenantId, tenant.DisplayName, settings, new TenantSecretChanges { SlackBotToken = new SecretChange(installed.BotToken) },
            now, new AuditActor(install.ActorKind, install.ActorId), cancellationToken);
        cache.Forget(tenantId);

        var name = HtmlEncoder.Default.Encode(installed.TeamName ?? workspace);
        return TypedResults.Content(
            $"<!doctype html><meta charset=\"utf-8\"><title>CoachBot installed</title><p>CoachBot is installed in the Slack workspace <b>{name}</b>. You can close this page.</p>",
            "text/html; charset=utf-8");
    }

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector(StatePurpose).ToTimeLimitedDataProtector();

    private static Uri RedirectUri(HttpRequest request, SlackOptions options) =>
        options.RedirectUrl ?? new Uri($"{request.Scheme}://{request.Host}/api/slack/oauth/callback");

    private static ProblemHttpResult Problem(int status, string code, string detail) => TypedResults.Problem(Problems.Create(status, code, detail));

    [GeneratedRegex("^xoxb-[A-Za-z0-9-]{1,250}$")]
    private static partial Regex BotToken();

    [GeneratedRegex("^A[A-Z0-9]{2,31}$")]
    private static partial Regex AppId();

    /// <summary>What the signed state carries: the tenant, a one-time nonce and who started the install (for the audit log).</summary>
    private sealed record InstallState(string Tenant, string Nonce, string ActorKind, string ActorId)
    {
        public string ToText() => string.Join('\n', Tenant, Nonce, ActorKind, ActorId);

        public static InstallState? Parse(string text) =>
            text.Split('\n') is [var tenant, var nonce, var kind, var id] ? new InstallState(tenant, nonce, kind, id) : null;
    }
}
