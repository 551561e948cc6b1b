namespace CoachBot.Tenancy;

/// <summary>
/// What a tenant configures about itself. Holds no secrets: the model API key is stored beside it, write-only,
/// so serializing a <see cref="TenantSettings"/> anywhere (API, logs, audit) cannot leak it.
/// </summary>
public sealed record TenantSettings
{
    /// <summary>How the coach presents itself to this tenant's users.</summary>
    public TenantPersona Persona { get; init; } = new();

    /// <summary>Which model writes this tenant's replies.</summary>
    public TenantModelSettings Model { get; init; } = new();

    /// <summary>Usage limits.</summary>
    public TenantQuotas Quotas { get; init; } = new();

    /// <summary>Origins (scheme://host[:port]) whose pages may embed the widget.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>How many days transcripts are kept (1–3650).</summary>
    public int RetentionDays { get; init; } = 365;

    /// <summary>Which Slack workspaces and Teams bot reach this tenant. Their secrets are stored beside the settings, write-only.</summary>
    public TenantChannelSettings Channels { get; init; } = new();

    /// <summary>How the web widget looks. Public: anyone may read it through the widget configuration.</summary>
    public TenantWidgetSettings Widget { get; init; } = new();
}

/// <summary>
/// The web widget's appearance. Title and launcher label may be null: the widget then uses the persona's coach name
/// ("Chat with " + coach name for the launcher), so a renamed coach needs no second change.
/// </summary>
public sealed record TenantWidgetSettings
{
    /// <summary>The default primary color.</summary>
    public const string DefaultPrimaryColor = "#2563eb";

    /// <summary>The accent color, "#rrggbb".</summary>
    public string PrimaryColor { get; init; } = DefaultPrimaryColor;

    /// <summary>Where the launcher sits: "bottom-right" or "bottom-left".</summary>
    public string Position { get; init; } = "bottom-right";

    /// <summary>"light", "dark" or "auto" (follows the visitor's system setting).</summary>
    public string ColorScheme { get; init; } = "auto";

    /// <summary>The panel's title; null for the coach name.</summary>
    public string? Title { get; init; }

    /// <summary>The launcher button's label; null for "Chat with " + the coach name.</summary>
    public string? LauncherLabel { get; init; }

    /// <summary>The coach's picture: an absolute https URL, a path on CoachBot's host, or a small data:image URL; null for none.</summary>
    public string? AvatarUrl { get; init; }

    /// <summary>Questions a new conversation offers to pick from; empty for the widget's own (in the visitor's language).</summary>
    public IReadOnlyList<string> SuggestedPrompts { get; init; } = [];

    /// <summary>Short replies offered under each answer; empty for none.</summary>
    public IReadOnlyList<string> QuickReplies { get; init; } = [];

    // Two settings are the same when their texts are, whatever list type holds them (stored settings come back as new lists).
    public bool Equals(TenantWidgetSettings? other) =>
        other is not null
        && (PrimaryColor, Position, ColorScheme, Title, LauncherLabel, AvatarUrl) == (other.PrimaryColor, other.Position, other.ColorScheme, other.Title, other.LauncherLabel, other.AvatarUrl)
        && SuggestedPrompts.SequenceEqual(other.SuggestedPrompts, StringComparer.Ordinal)
        && QuickReplies.SequenceEqual(other.QuickReplies, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(PrimaryColor, Position, ColorScheme, Title, LauncherLabel, AvatarUrl, SuggestedPrompts.Count, QuickReplies.Count);
}

/// <summary>The coach's persona for one tenant.</summary>
public sealed record TenantPersona
{
    /// <summary>The coach's display name.</summary>
    public string CoachName { get; init; } = "CoachBot";

    /// <summary>A few words describing the tone of voice.</summary>
    public string Tone { get; init; } = "warm, direct and practical";

    /// <summary>The first message a new user sees; empty for none.</summary>
    public string Greeting { get; init; } = "";

    /// <summary>
    /// The role the coach answers for while a person has not said which role they are in or aiming for (a role name,
    /// id or alias, e.g. "Backend Developer"); null to ask them instead.
    /// </summary>
    public string? DefaultRole { get; init; }
}

/// <summary>The model a tenant uses. The API key is not here: see <see cref="ITenantStore.GetModelApiKeyAsync"/>.</summary>
public sealed record TenantModelSettings
{
    /// <summary>
    /// The provider name: "platform" (the deployment's configured model, the default), "offline", "openai", "azure-openai"
    /// or "openai-compatible".
    /// </summary>
    public string Provider { get; init; } = TenantModelProviders.Platform;

    /// <summary>The provider's endpoint URL; null for the provider's default.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The model or deployment id; null for the provider's default.</summary>
    public string? ModelId { get; init; }
}

/// <summary>Per-tenant limits; zero means no use at all.</summary>
public sealed record TenantQuotas
{
    /// <summary>Messages one user may send per day.</summary>
    public int MessagesPerUserPerDay { get; init; } = 200;

    /// <summary>Model tokens the whole tenant may use per day.</summary>
    public long ModelTokensPerDay { get; init; } = 2_000_000;
}

/// <summary>The values of <see cref="TenantModelSettings.Provider"/>.</summary>
public static class TenantModelProviders
{
    /// <summary>The model the deployment configures (<c>Coaching:Model</c>); what a tenant uses until it chooses one.</summary>
    public const string Platform = "platform";

    /// <summary>The built-in deterministic coach.</summary>
    public const string Offline = "offline";

    /// <summary>OpenAI's API, or an OpenAI endpoint given in the settings.</summary>
    public const string OpenAI = "openai";

    /// <summary>An Azure OpenAI resource; the model id names the deployment.</summary>
    public const string AzureOpenAI = "azure-openai";

    /// <summary>Any server speaking OpenAI's chat completions API at the settings' endpoint.</summary>
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>Every accepted value.</summary>
    public static IReadOnlyList<string> All { get; } = [Platform, Offline, OpenAI, AzureOpenAI, OpenAICompatible];
}
