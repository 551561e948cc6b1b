using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>The write-only secrets stored beside a tenant's settings, each encrypted at rest.</summary>
public enum TenantSecretKind
{
    /// <summary>The API key of the tenant's model provider.</summary>
    ModelApiKey,

    /// <summary>The secret host sites use to vouch for widget users.</summary>
    IdentitySecret,

    /// <summary>The Slack app's signing secret, for verifying Slack's requests.</summary>
    SlackSigningSecret,

    /// <summary>The Slack bot token (<c>xoxb-…</c>), for posting replies.</summary>
    SlackBotToken,

    /// <summary>The Teams bot's app password (client secret), for replying through the Bot Framework.</summary>
    TeamsAppPassword,
}

/// <summary>Changes to a tenant's write-only secrets; a null member leaves that secret as it is.</summary>
public sealed record TenantSecretChanges
{
    /// <summary>No change at all.</summary>
    public static TenantSecretChanges None { get; } = new();

    /// <summary>The model provider's API key.</summary>
    public SecretChange? ModelApiKey { get; init; }

    /// <summary>The Slack signing secret.</summary>
    public SecretChange? SlackSigningSecret { get; init; }

    /// <summary>The Slack bot token.</summary>
    public SecretChange? SlackBotToken { get; init; }

    /// <summary>The Teams app password.</summary>
    public SecretChange? TeamsAppPassword { get; init; }

    /// <summary>The changes that are given, by kind.</summary>
    public IEnumerable<(TenantSecretKind Kind, SecretChange Change)> Given()
    {
        foreach (var (kind, change) in new (TenantSecretKind, SecretChange?)[]
        {
            (TenantSecretKind.ModelApiKey, ModelApiKey),
            (TenantSecretKind.SlackSigningSecret, SlackSigningSecret),
            (TenantSecretKind.SlackBotToken, SlackBotToken),
            (TenantSecretKind.TeamsAppPassword, TeamsAppPassword),
        })
        {
            if (change is { } given)
            {
                yield return (kind, given);
            }
        }
    }
}

/// <summary>
/// A stored secret of a tenant could not be decrypted (typically the data protection key ring it was encrypted with is
/// missing). The message names the tenant and the kind of secret, never the value.
/// </summary>
public sealed class TenantSecretUnavailableException : Exception
{
    public TenantSecretUnavailableException()
    {
    }

    public TenantSecretUnavailableException(string message)
        : base(message)
    {
    }

    public TenantSecretUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TenantSecretUnavailableException(TenantId tenantId, TenantSecretKind kind, Exception? innerException)
        : base($"The {kind} of tenant '{tenantId.Value}' cannot be decrypted; the data protection key ring it was encrypted with is not available.", innerException)
    {
        TenantId = tenantId;
        Kind = kind;
    }

    /// <summary>The tenant whose secret is unreadable.</summary>
    public TenantId? TenantId { get; }

    /// <summary>Which secret.</summary>
    public TenantSecretKind? Kind { get; }
}
