namespace CoachBot.Tenancy;

/// <summary>
/// The public identifiers that route Slack and Teams traffic to a tenant. The secrets (Slack signing secret and bot token,
/// Teams app password) are not here: they are stored encrypted beside the settings and read with
/// <see cref="ITenantStore.GetSecretAsync"/>.
/// </summary>
public sealed record TenantChannelSettings
{
    /// <summary>The tenant's Slack app and workspaces.</summary>
    public SlackChannelSettings Slack { get; init; } = new();

    /// <summary>The tenant's Microsoft Teams bot.</summary>
    public TeamsChannelSettings Teams { get; init; } = new();
}

/// <summary>Slack: which workspaces (team ids) belong to the tenant, and its Slack app.</summary>
public sealed record SlackChannelSettings
{
    /// <summary>Workspace (T…) or Enterprise Grid (E…) ids; each belongs to at most one tenant.</summary>
    public IReadOnlyList<string> TeamIds { get; init; } = [];

    /// <summary>The Slack app id (A…), or null.</summary>
    public string? AppId { get; init; }
}

/// <summary>Microsoft Teams: the tenant's bot registration.</summary>
public sealed record TeamsChannelSettings
{
    /// <summary>The bot's Microsoft app id (a GUID); belongs to at most one tenant.</summary>
    public string? AppId { get; init; }

    /// <summary>The Microsoft Entra tenant id (a GUID) the bot serves; null accepts any.</summary>
    public string? TenantId { get; init; }
}
