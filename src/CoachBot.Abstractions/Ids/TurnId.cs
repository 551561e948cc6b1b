using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CoachBot.Ids;

/// <summary>Identifies one turn (a user message and the reply to it). Time-ordered (UUID v7).</summary>
[GenerateSerializer, Immutable, Alias("coachbot.TurnId")]
[JsonConverter(typeof(GuidIdJsonConverter<TurnId>))]
public readonly record struct TurnId(
    [property: Id(0)] Guid Value) : IGuidId<TurnId>
{
    /// <summary>A new time-ordered id.</summary>
    public static TurnId New() => new(Guid.CreateVersion7());

    /// <summary>Parses the id's text form.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out TurnId id)
    {
        var ok = Guid.TryParse(value, out var guid) && guid != Guid.Empty;
        id = new TurnId(guid);
        return ok;
    }

    /// <summary>Wraps a Guid.</summary>
    public static TurnId From(Guid value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}
