using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Identity;

/// <summary>API key settings. Bound from the "Auth" configuration section.</summary>
public sealed class ApiKeyOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The SHA-256 (hex) of the platform operator's key, e.g. from <c>echo -n cbk_op_... | sha256sum</c>.
    /// Empty: no operator key, so no tenants can be created over the API.
    /// </summary>
    public string? OperatorKeyHash { get; set; }

    /// <summary>How often a key's last-used time is written at most.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LastUsedGranularity { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(OperatorKeyHash) && (OperatorKeyHash.Length != 64 || !OperatorKeyHash.All(char.IsAsciiHexDigit)))
        {
            yield return new ValidationResult("Auth:OperatorKeyHash must be the 64 hex digits of a SHA-256.", [nameof(OperatorKeyHash)]);
        }
    }
}
