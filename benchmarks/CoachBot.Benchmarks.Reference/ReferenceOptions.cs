using System.ComponentModel.DataAnnotations;

namespace CoachBot.Benchmarks.Reference;

/// <summary>Settings of the reference server. Bound from the "Reference" configuration section.</summary>
public sealed class ReferenceOptions
{
    public const string SectionName = "Reference";

    /// <summary>The SQLite database file.</summary>
    [Required]
    public string DatabasePath { get; set; } = "reference.db";

    /// <summary>The OpenAI-compatible endpoint, ending in <c>/v1</c>.</summary>
    [Required, Url]
    public string ModelEndpoint { get; set; } = "http://127.0.0.1:5090/v1";

    /// <summary>Base64 HMAC-SHA256 key of session tokens; generated per process when empty.</summary>
    public string SigningKey { get; set; } = "";
}
