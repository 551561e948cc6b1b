using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Identity;

/// <summary>
/// Coaches and tenant admins signing in with an identity provider's JWTs. Bound from "Auth:Staff". Either
/// <see cref="Authority"/> (or <see cref="MetadataAddress"/>) for OpenID Connect discovery, or <see cref="Issuer"/> with
/// <see cref="SigningKeys"/> for static validation; <see cref="Audience"/> always.
/// </summary>
public sealed class StaffJwtOptions : IValidatableObject
{
    public const string SectionName = "Auth:Staff";

    /// <summary>The OpenID Connect authority (its discovery document gives the issuer and signing keys).</summary>
    public string? Authority { get; set; }

    /// <summary>The discovery document's URL when it is not under the authority.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>False only for a local identity provider over plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The expected issuer for static validation (and a check on top of discovery when set).</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected audience.</summary>
    public string? Audience { get; set; }

    /// <summary>HMAC signing keys, base64, at least 32 bytes each, for static validation.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The claim naming the staff member's tenant.</summary>
    [Required]
    public string TenantClaim { get; set; } = "tid";

    /// <summary>The claim listing roles (an array or a space-separated string); "coach" and "tenant-admin" are recognised.</summary>
    [Required]
    public string RolesClaim { get; set; } = "roles";

    /// <summary>Clock skew allowed on expiry and not-before.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when staff tokens can be validated at all.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(Authority) || !string.IsNullOrEmpty(MetadataAddress) || SigningKeys.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var key in SigningKeys)
        {
            var bytes = new byte[key.Length];
            if (!Convert.TryFromBase64String(key, bytes, out var length) || length < 32)
            {
                yield return new ValidationResult("Auth:Staff:SigningKeys must be base64 for at least 32 bytes each.", [nameof(SigningKeys)]);
            }
        }

        if (SigningKeys.Count > 0 && string.IsNullOrEmpty(Issuer))
        {
            yield return new ValidationResult("Auth:Staff:Issuer is required with Auth:Staff:SigningKeys.", [nameof(Issuer)]);
        }

        if (IsConfigured && string.IsNullOrEmpty(Audience))
        {
            yield return new ValidationResult("Auth:Staff:Audience is required.", [nameof(Audience)]);
        }
    }
}
