using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace CoachBot.Ids;

/// <summary>Identifies one conversation of a user. Time-ordered (UUID v7).</summary>
[GenerateSerializer, Immutable, Alias("coachbot.ConversationId")]
[JsonConverter(typeof(GuidIdJsonConverter<ConversationId>))]
public readonly record struct ConversationId(
    [property: Id(0)] Guid Value) : IGuidId<ConversationId>
{
    /// <summary>A new time-ordered id.</summary>
    public static ConversationId New() => new(Guid.CreateVersion7());

    /// <summary>Parses the id's text form.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out ConversationId id)
    {
        var ok = Guid.TryParse(value, out var guid) && guid != Guid.Empty;
        id = new ConversationId(guid);
        return ok;
    }

    /// <summary>Wraps a Guid.</summary>
    public static ConversationId From(Guid value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("D");
}
