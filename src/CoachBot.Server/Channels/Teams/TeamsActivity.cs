using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoachBot.Server.Channels.Teams;

/// <summary>A Bot Framework activity as the Teams channel sends it; only the members CoachBot reads.</summary>
internal sealed record TeamsActivity
{
    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? ServiceUrl { get; init; }

    public string? ChannelId { get; init; }

    public TeamsAccount? From { get; init; }

    public TeamsAccount? Recipient { get; init; }

    public TeamsConversation? Conversation { get; init; }

    public string? Text { get; init; }

    public string? Locale { get; init; }

    public string? Name { get; init; }

    public string? ReplyToId { get; init; }

    public IReadOnlyList<TeamsAccount>? MembersAdded { get; init; }

    public IReadOnlyList<JsonElement>? Entities { get; init; }

    public JsonElement? ChannelData { get; init; }

    public JsonElement? Value { get; init; }

    /// <summary>The Microsoft Entra tenant of the conversation: <c>conversation.tenantId</c>, else <c>channelData.tenant.id</c>.</summary>
    public string? EntraTenantId =>
        Conversation?.TenantId is { Length: > 0 } id ? id
        : ChannelData is { ValueKind: JsonValueKind.Object } data
          && data.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.Object
          && tenant.TryGetProperty("id", out var tenantId) && tenantId.ValueKind == JsonValueKind.String ? tenantId.GetString() : null;
}

/// <summary>A user or bot in an activity.</summary>
internal sealed record TeamsAccount(string? Id, string? Name = null, string? AadObjectId = null);

/// <summary>The conversation an activity belongs to.</summary>
internal sealed record TeamsConversation(string? Id, string? ConversationType = null, string? TenantId = null)
{
    /// <summary>A one-to-one chat with the bot, the only place Teams streams.</summary>
    [JsonIgnore]
    public bool IsPersonal => ConversationType is null or "personal";
}

/// <summary>An activity CoachBot sends to the Bot Connector.</summary>
internal sealed record OutgoingActivity
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    public string? TextFormat { get; init; }

    public TeamsAccount? From { get; init; }

    public TeamsConversation? Conversation { get; init; }

    public TeamsAccount? Recipient { get; init; }

    public string? ReplyToId { get; init; }

    public IReadOnlyList<object>? Entities { get; init; }

    public IReadOnlyList<object>? Attachments { get; init; }
}

/// <summary>The <c>streaminfo</c> entity of a streamed reply.</summary>
internal sealed record StreamInfo(
    [property: JsonPropertyName("streamType")] string StreamType,
    [property: JsonPropertyName("streamSequence")] int? StreamSequence,
    [property: JsonPropertyName("streamId")] string? StreamId)
{
    [JsonPropertyName("type")]
    public string Type { get; } = "streaminfo";
}

/// <summary>What the connector answers to a sent activity.</summary>
internal sealed record ResourceResponse(string? Id);
