using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CoachBot.Ids;

/// <summary>Identifies a tenant (an organization using CoachBot). Always taken from the authenticated principal.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.TenantId")]
[JsonConverter(typeof(StringIdJsonConverter<TenantId>))]
public readonly record struct TenantId : IStringId<TenantId>
{
    private TenantId(string value) => Value = value;

    /// <summary>The id's text.</summary>
    [Id(0)]
    public string Value { get; }

    /// <summary>Creates an id, throwing <see cref="FormatException"/> when the text is malformed.</summary>
    public static TenantId Parse(string value) => new(IdRules.Require(value, "tenant id"));

    /// <summary>Creates an id when the text is well formed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out TenantId id)
    {
        id = IdRules.IsValid(value) ? new TenantId(value!) : default;
        return id.Value is not null;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
