using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>A tenant as stored, without its secrets.</summary>
/// <param name="Id">The tenant id.</param>
/// <param name="DisplayName">The name shown to admins and operators.</param>
/// <param name="Settings">Persona, model, quotas, origins and retention.</param>
/// <param name="HasModelApiKey">True when a model API key is stored; the key itself is never part of this record.</param>
/// <param name="CreatedAt">When the tenant was created.</param>
/// <param name="UpdatedAt">When the settings last changed.</param>
public sealed record Tenant(TenantId Id, string DisplayName, TenantSettings Settings, bool HasModelApiKey, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The public widget key (<c>cbw_...</c>) a host page passes to name this tenant; null only before it is first stored.</summary>
    public string? WidgetKey { get; init; }

    /// <summary>True when an identity secret is stored for verifying widget users; the secret itself is never part of this record.</summary>
    public bool HasIdentitySecret { get; init; }

    /// <summary>True when a Slack signing secret is stored (write-only).</summary>
    public bool HasSlackSigningSecret { get; init; }

    /// <summary>True when a Slack bot token is stored (write-only).</summary>
    public bool HasSlackBotToken { get; init; }

    /// <summary>True when a Teams app password is stored (write-only).</summary>
    public bool HasTeamsAppPassword { get; init; }
}

/// <summary>A change to a write-only secret.</summary>
/// <param name="NewValue">The new value, or null to remove the stored one.</param>
public readonly record struct SecretChange(string? NewValue)
{
    /// <summary>Remove the stored value.</summary>
    public static SecretChange Clear => new(null);
}

/// <summary>Who did something, for the audit log.</summary>
/// <param name="Kind">"operator", "tenant-admin", "service", "staff", "user" or "system".</param>
/// <param name="Id">The API key id, the staff token's subject, the user id, or a fixed name for the system.</param>
public sealed record AuditActor(string Kind, string Id)
{
    /// <summary>CoachBot itself, e.g. creating the default tenant on first start.</summary>
    public static AuditActor System { get; } = new("system", "startup");

    /// <summary>An end user acting on their own data, e.g. granting consent.</summary>
    public static AuditActor User(UserId userId) => new("user", userId.Value);
}

/// <summary>One audit log entry of a tenant.</summary>
/// <param name="Id">Increasing with time.</param>
/// <param name="TenantId">The tenant it concerns.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="Detail">A small JSON object with the particulars; never secrets.</param>
/// <param name="At">When.</param>
public sealed record AuditEntry(long Id, TenantId TenantId, AuditActor Actor, string Action, string Detail, DateTimeOffset At);

/// <summary>The audited actions.</summary>
public static class AuditActions
{
    public const string TenantCreated = "tenant.created";
    public const string SettingsChanged = "tenant.settings_changed";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string WidgetKeyRotated = "widget_key.rotated";
    public const string IdentitySecretRotated = "identity_secret.rotated";
    public const string ConsentGranted = "consent.granted";
    public const string ConsentWithdrawn = "consent.withdrawn";
    public const string UserExported = "user.exported";
    public const string UserDeleted = "user.deleted";
    public const string ContentOverlaySet = "content.overlay_set";
    public const string ContentOverlayRemoved = "content.overlay_removed";
    public const string ChannelLinked = "channel.linked";
    public const string ChannelUnlinked = "channel.unlinked";

    /// <summary>Every coach-console change starts with this prefix.</summary>
    public const string CoachPrefix = "coach.";
    public const string CoachReviewSaved = "coach.review_saved";
    public const string CoachApprovedAnswerDeleted = "coach.approved_answer_deleted";
    public const string CoachFlagAdded = "coach.flag_added";
    public const string CoachFlagUpdated = "coach.flag_updated";
    public const string CoachTagsSet = "coach.tags_set";
    public const string CoachNoteAdded = "coach.note_added";
    public const string CoachExported = "coach.exported";
    public const string CoachWatched = "coach.conversation_watched";
    public const string CoachMessageSent = "coach.message_sent";
}
