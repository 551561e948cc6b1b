using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Identity;

/// <summary>Signed session tokens for widget users. Bound from the "Auth" configuration section.</summary>
public sealed class SessionTokenOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The HMAC-SHA256 signing key, base64, at least 32 bytes. When empty, a random key is created once and kept in
    /// the data folder (keys/session-signing.key), so sessions survive restarts. Set it explicitly when several hosts
    /// must accept each other's tokens.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The token issuer.</summary>
    [Required]
    public string Issuer { get; set; } = "coachbot";

    /// <summary>The token audience.</summary>
    [Required]
    public string Audience { get; set; } = "coachbot";

    /// <summary>How long a session token is valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many sessions one client address may create per minute.</summary>
    [Range(1, 100_000)]
    public int SessionsPerMinutePerClient { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(SigningKey))
        {
            yield break;
        }

        var bytes = new byte[SigningKey.Length];
        if (!Convert.TryFromBase64String(SigningKey, bytes, out var length) || length < 32)
        {
            yield return new ValidationResult("Auth:SigningKey must be base64 for at least 32 bytes.", [nameof(SigningKey)]);
        }
    }
}

/// <summary>Tenants. Bound from the "Tenancy" configuration section.</summary>
public sealed class TenancyOptions
{
    public const string SectionName = "Tenancy";

    /// <summary>The tenant anonymous widget sessions belong to.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9._\-@:+]{0,127}$")]
    public string DefaultTenantId { get; set; } = "default";

    /// <summary>The display name the default tenant gets when it is created on first start.</summary>
    [Required, StringLength(120, MinimumLength = 1)]
    public string DefaultTenantDisplayName { get; set; } = "Default";
}
