using System.Text.RegularExpressions;
using CoachBot.Server.Api;
using CoachBot.Tenancy;

namespace CoachBot.Server.Tenancy;

/// <summary>
/// Checks the shape of Slack and Teams settings. Problems name the field, never a secret's value.
/// </summary>
internal static partial class ChannelSettingsValidation
{
    private const int MaxSlackTeams = 50;

    public static (TenantChannelSettings Channels, TenantSecretChanges Secrets) Validate(ChannelSettingsInput? input, List<string> problems)
    {
        var slack = input?.Slack ?? new SlackSettingsInput();
        var teams = input?.Teams ?? new TeamsSettingsInput();

        var teamIds = (slack.TeamIds ?? []).Select(id => id?.Trim() ?? "").ToList();
        if (teamIds.Count > MaxSlackTeams)
        {
            problems.Add($"channels.slack.teamIds may list at most {MaxSlackTeams} workspaces.");
        }

        if (teamIds.Any(id => !SlackTeamId().IsMatch(id)))
        {
            problems.Add("channels.slack.teamIds must be Slack team ids (T…) or enterprise ids (E…): an uppercase letter and 2-31 uppercase letters or digits.");
        }

        if (slack.AppId is { } appId && !SlackAppId().IsMatch(appId))
        {
            problems.Add("channels.slack.appId must be a Slack app id: A and 2-31 uppercase letters or digits.");
        }

        if (slack.SigningSecret is { Length: > 0 } signing && !SlackSigningSecret().IsMatch(signing))
        {
            problems.Add("channels.slack.signingSecret must be 16-128 letters or digits.");
        }

        if (slack.BotToken is { Length: > 0 } token && !SlackBotToken().IsMatch(token))
        {
            problems.Add("channels.slack.botToken must be a bot token: xoxb- followed by up to 250 letters, digits or dashes.");
        }

        var teamsApp = Guid(teams.AppId, "channels.teams.appId", problems);
        var entraTenant = Guid(teams.TenantId, "channels.teams.tenantId", problems);
        if (teams.AppPassword is { Length: > 0 } password && (password.Length > 256 || password.Any(char.IsControl)))
        {
            problems.Add("channels.teams.appPassword must be 1-256 characters without control characters.");
        }

        var channels = new TenantChannelSettings
        {
            Slack = new SlackChannelSettings { TeamIds = [.. teamIds.Distinct(StringComparer.Ordinal)], AppId = slack.AppId },
            Teams = new TeamsChannelSettings { AppId = teamsApp, TenantId = entraTenant },
        };
        var secrets = new TenantSecretChanges
        {
            SlackSigningSecret = TenantSettingsValidation.SecretChangeOf(slack.SigningSecret),
            SlackBotToken = TenantSettingsValidation.SecretChangeOf(slack.BotToken),
            TeamsAppPassword = TenantSettingsValidation.SecretChangeOf(teams.AppPassword),
        };
        return (channels, secrets);
    }

    /// <summary>A GUID in its lowercase "D" form, so one app id has one spelling in lookups.</summary>
    private static string? Guid(string? text, string name, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (System.Guid.TryParseExact(text.Trim(), "D", out var id))
        {
            return id.ToString("D");
        }

        problems.Add($"{name} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).");
        return null;
    }

    [GeneratedRegex("^[TE][A-Z0-9]{2,31}$")]
    private static partial Regex SlackTeamId();

    [GeneratedRegex("^A[A-Z0-9]{2,31}$")]
    private static partial Regex SlackAppId();

    [GeneratedRegex("^[A-Za-z0-9]{16,128}$")]
    private static partial Regex SlackSigningSecret();

    [GeneratedRegex("^xoxb-[A-Za-z0-9-]{1,250}$")]
    private static partial Regex SlackBotToken();
}
