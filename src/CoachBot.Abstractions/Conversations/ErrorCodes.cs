namespace CoachBot.Conversations;

/// <summary>Stable error codes clients can rely on. Documented in the README.</summary>
public static class ErrorCodes
{
    public const string MessageEmpty = "message_empty";
    public const string MessageTooLong = "message_too_long";
    public const string TurnInProgress = "turn_in_progress";
    public const string TurnNotFound = "turn_not_found";
    public const string OffsetOutOfRange = "offset_out_of_range";
    public const string ProfileInvalid = "profile_invalid";
    public const string InvalidArgument = "invalid_argument";
    public const string InvalidId = "invalid_id";
    public const string UnknownMethod = "unknown_method";
    public const string ModelFailed = "model_failed";
    public const string Interrupted = "interrupted";
    public const string Unauthenticated = "unauthenticated";
    public const string TokenExpired = "token_expired";
    public const string TokenInvalid = "token_invalid";
    public const string SessionRevoked = "session_revoked";
    public const string TokenRevoked = "token_revoked";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal_error";
    public const string SettingsInvalid = "settings_invalid";
    public const string ApiKeyInvalid = "api_key_invalid";
    public const string ApiKeyRevoked = "api_key_revoked";
    public const string Forbidden = "forbidden";
    public const string ConsentRequired = "consent_required";
    public const string NotFound = "not_found";
    public const string TenantExists = "tenant_exists";
    public const string TenantKeyInvalid = "tenant_key_invalid";
    public const string TenantUnknown = "tenant_unknown";
    public const string IdentityInvalid = "identity_invalid";
    public const string IdentityExpired = "identity_expired";
    public const string IdentityReplayed = "identity_replayed";
    public const string QuotaExceeded = "quota_exceeded";
    public const string RateLimited = "rate_limited";
    public const string TooManyConnections = "too_many_connections";
    public const string OriginNotAllowed = "origin_not_allowed";
    public const string ChannelInUse = "channel_in_use";
    public const string SecretUnavailable = "secret_unavailable";
    public const string ContentInvalid = "content_invalid";
    public const string ContentTooLarge = "content_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string OverlayLimitReached = "overlay_limit_reached";
    public const string LinkCodeInvalid = "link_code_invalid";
    public const string ExportTooLarge = "export_too_large";
}
