using CoachBot.Tenancy;

namespace CoachBot.Server.Api;

/// <summary>Channel settings as written by clients. Secrets: omitted or null keeps the stored one, "" removes it, anything else replaces it.</summary>
public sealed record ChannelSettingsInput
{
    /// <summary>The tenant's Slack app and workspaces.</summary>
    public SlackSettingsInput? Slack { get; init; }

    /// <summary>The tenant's Teams bot.</summary>
    public TeamsSettingsInput? Teams { get; init; }
}

/// <summary>Slack settings as written by clients.</summary>
public sealed record SlackSettingsInput
{
    /// <summary>Workspace ids (T…) or Enterprise Grid ids (E…), at most 50; each may belong to one tenant only.</summary>
    public IReadOnlyList<string>? TeamIds { get; init; }

    /// <summary>The Slack app id (A…).</summary>
    public string? AppId { get; init; }

    /// <summary>Write-only: the app's signing secret (hex, from the app's Basic Information page).</summary>
    public string? SigningSecret { get; init; }

    /// <summary>Write-only: the bot token, <c>xoxb-…</c>.</summary>
    public string? BotToken { get; init; }
}

/// <summary>Teams settings as written by clients.</summary>
public sealed record TeamsSettingsInput
{
    /// <summary>The bot's Microsoft app id (a GUID); it may belong to one tenant only.</summary>
    public string? AppId { get; init; }

    /// <summary>The Microsoft Entra tenant id (a GUID) the bot serves; null accepts any.</summary>
    public string? TenantId { get; init; }

    /// <summary>Write-only: the bot's app password (client secret).</summary>
    public string? AppPassword { get; init; }
}

/// <summary>Channel settings as shown: secrets only say whether they are set.</summary>
public sealed record ChannelSettingsView(SlackSettingsView Slack, TeamsSettingsView Teams)
{
    public static ChannelSettingsView From(Tenant tenant)
    {
        var channels = tenant.Settings.Channels;
        return new(
            new SlackSettingsView(channels.Slack.TeamIds, channels.Slack.AppId, tenant.HasSlackSigningSecret, tenant.HasSlackBotToken),
            new TeamsSettingsView(channels.Teams.AppId, channels.Teams.TenantId, tenant.HasTeamsAppPassword));
    }
}

/// <summary>Slack settings as shown.</summary>
public sealed record SlackSettingsView(IReadOnlyList<string> TeamIds, string? AppId, bool HasSigningSecret, bool HasBotToken);

/// <summary>Teams settings as shown.</summary>
public sealed record TeamsSettingsView(string? AppId, string? TenantId, bool HasAppPassword);
