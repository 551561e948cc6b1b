using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CoachBot.Ids;

/// <summary>Identifies an end user within a tenant. Always taken from the authenticated principal.</summary>
[GenerateSerializer, Immutable, Alias("coachbot.UserId")]
[JsonConverter(typeof(StringIdJsonConverter<UserId>))]
public readonly record struct UserId : IStringId<UserId>
{
    private UserId(string value) => Value = value;

    /// <summary>The id's text.</summary>
    [Id(0)]
    public string Value { get; }

    /// <summary>Creates an id, throwing <see cref="FormatException"/> when the text is malformed.</summary>
    public static UserId Parse(string value) => new(IdRules.Require(value, "user id"));

    /// <summary>Creates an id when the text is well formed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out UserId id)
    {
        id = IdRules.IsValid(value) ? new UserId(value!) : default;
        return id.Value is not null;
    }

    /// <summary>A new random id for an anonymous visitor.</summary>
    public static UserId NewAnonymous() => new("anon-" + Guid.NewGuid().ToString("N"));

    /// <summary>A new random id for a person who first wrote from a chat platform (Slack, Teams).</summary>
    public static UserId NewChannelUser() => new("chan-" + Guid.NewGuid().ToString("N"));

    /// <inheritdoc/>
    public override string ToString() => Value;
}
