using System.Text.Json;
using CoachBot.Tenancy;

namespace CoachBot.Server.Api;

/// <summary>A new tenant.</summary>
/// <param name="Id">The tenant id: 1-128 letters, digits or . _ - @ : +, starting with a letter or digit.</param>
/// <param name="DisplayName">The name shown to admins.</param>
/// <param name="Settings">The settings; omitted members take their defaults.</param>
public sealed record CreateTenantRequest(string Id, string DisplayName, TenantSettingsInput? Settings);

/// <summary>New settings for the caller's tenant; they replace the current ones (the model API key stays unless given).</summary>
/// <param name="DisplayName">The name shown to admins.</param>
/// <param name="Settings">The settings; omitted members take their defaults.</param>
public sealed record UpdateTenantRequest(string DisplayName, TenantSettingsInput? Settings);

/// <summary>Tenant settings as written by clients.</summary>
public sealed record TenantSettingsInput
{
    /// <summary>Coach name (1–60), tone (1–120), greeting (up to 500).</summary>
    public TenantPersona? Persona { get; init; }

    /// <summary>The model; its API key is write-only.</summary>
    public ModelSettingsInput? Model { get; init; }

    /// <summary>Non-negative limits.</summary>
    public TenantQuotas? Quotas { get; init; }

    /// <summary>Absolute http or https origins, without path.</summary>
    public IReadOnlyList<string>? AllowedOrigins { get; init; }

    /// <summary>1–3650 days.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>Slack and Teams; their secrets are write-only.</summary>
    public ChannelSettingsInput? Channels { get; init; }

    /// <summary>The web widget's appearance; omitted members take their defaults.</summary>
    public WidgetSettingsInput? Widget { get; init; }
}

/// <summary>The web widget's appearance as written by clients. Null or omitted members take their defaults.</summary>
public sealed record WidgetSettingsInput
{
    /// <summary>"#rrggbb"; default "#2563eb".</summary>
    public string? PrimaryColor { get; init; }

    /// <summary>"bottom-right" (default) or "bottom-left".</summary>
    public string? Position { get; init; }

    /// <summary>"light", "dark" or "auto" (default).</summary>
    public string? ColorScheme { get; init; }

    /// <summary>Up to 60 characters; empty or omitted for the coach name.</summary>
    public string? Title { get; init; }

    /// <summary>Up to 40 characters; empty or omitted for "Chat with " + the coach name.</summary>
    public string? LauncherLabel { get; init; }

    /// <summary>An absolute https URL, a path starting with "/", or a data:image/(png|jpeg|svg+xml|webp);base64 URL of at most 64 KB; empty or omitted for none.</summary>
    public string? AvatarUrl { get; init; }

    /// <summary>Up to 6 questions a new conversation offers, each 1–120 characters; empty or omitted for the widget's own.</summary>
    public IReadOnlyList<string?>? SuggestedPrompts { get; init; }

    /// <summary>Up to 6 replies offered under each answer, each 1–120 characters; empty or omitted for none.</summary>
    public IReadOnlyList<string?>? QuickReplies { get; init; }
}

/// <summary>Model settings as written by clients.</summary>
public sealed record ModelSettingsInput
{
    /// <summary>"platform" (the deployment's model, the default), "offline", "openai", "azure-openai" or "openai-compatible".</summary>
    public string? Provider { get; init; }

    /// <summary>An absolute http or https URL, or null for the provider's default.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The model or deployment id.</summary>
    public string? ModelId { get; init; }

    /// <summary>Write-only. Omitted or null keeps the stored key; "" removes it; anything else replaces it.</summary>
    public string? ApiKey { get; init; }
}

/// <summary>A tenant as shown to operators and its admins: secrets are reduced to whether they are set.</summary>
public sealed record TenantResponse(string Id, string DisplayName, TenantSettingsView Settings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The public widget key host pages pass as tenantKey.</summary>
    public string? WidgetKey { get; init; }

    /// <summary>True when an identity secret is set (the secret is write-only).</summary>
    public bool HasIdentitySecret { get; init; }

    public static TenantResponse From(Tenant tenant) => new(
        tenant.Id.Value,
        tenant.DisplayName,
        new TenantSettingsView(
            tenant.Settings.Persona,
            new ModelSettingsView(tenant.Settings.Model.Provider, tenant.Settings.Model.Endpoint, tenant.Settings.Model.ModelId, tenant.HasModelApiKey),
            tenant.Settings.Quotas,
            tenant.Settings.AllowedOrigins,
            tenant.Settings.RetentionDays)
        {
            Channels = ChannelSettingsView.From(tenant),
            Widget = tenant.Settings.Widget,
        },
        tenant.CreatedAt,
        tenant.UpdatedAt)
    {
        WidgetKey = tenant.WidgetKey,
        HasIdentitySecret = tenant.HasIdentitySecret,
    };
}

/// <summary>Tenant settings as shown.</summary>
public sealed record TenantSettingsView(TenantPersona Persona, ModelSettingsView Model, TenantQuotas Quotas, IReadOnlyList<string> AllowedOrigins, int RetentionDays)
{
    /// <summary>Slack and Teams, with their secrets reduced to whether they are set.</summary>
    public ChannelSettingsView Channels { get; init; } = new(new SlackSettingsView([], null, false, false), new TeamsSettingsView(null, null, false));

    /// <summary>The web widget's appearance as stored (a null title or launcher label means the coach-name default).</summary>
    public TenantWidgetSettings Widget { get; init; } = new();
}

/// <summary>Model settings as shown: the API key is never returned, only whether one is stored.</summary>
public sealed record ModelSettingsView(string Provider, string? Endpoint, string? ModelId, bool HasApiKey);

/// <summary>A request for a new key of the caller's tenant.</summary>
/// <param name="Kind">"tenant-admin" or "service".</param>
public sealed record CreateApiKeyRequest(string Kind);

/// <summary>A new key. <see cref="Key"/> is shown this once and cannot be recovered: only its hash is stored.</summary>
public sealed record CreatedApiKeyResponse(string Id, string Key, string Kind, string? TenantId, string Hint, DateTimeOffset CreatedAt);

/// <summary>A key as listed, without its text.</summary>
public sealed record ApiKeyResponse(string Id, string Kind, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>One audit log entry.</summary>
/// <param name="Id">Increasing with time.</param>
/// <param name="ActorKind">"operator", "tenant-admin", "service", "staff", "user" or "system".</param>
/// <param name="ActorId">The acting key's id, staff token subject or user id.</param>
/// <param name="Action">tenant.created, tenant.settings_changed, key.created, key.revoked, widget_key.rotated, identity_secret.rotated, consent.granted, consent.withdrawn, user.exported or user.deleted.</param>
/// <param name="Detail">The particulars (never secrets).</param>
/// <param name="At">When.</param>
public sealed record AuditEntryResponse(long Id, string ActorKind, string ActorId, string Action, JsonElement Detail, DateTimeOffset At)
{
    public static AuditEntryResponse From(AuditEntry entry)
    {
        using var detail = JsonDocument.Parse(entry.Detail);
        return new(entry.Id, entry.Actor.Kind, entry.Actor.Id, entry.Action, detail.RootElement.Clone(), entry.At);
    }
}
