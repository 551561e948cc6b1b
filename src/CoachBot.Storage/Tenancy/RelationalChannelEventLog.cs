using CoachBot.Storage.Relational;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tenancy;

/// <summary>
/// Taken platform deliveries in one table keyed by channel and event id: the primary key decides which of two hosts
/// racing with the same delivery takes it.
/// </summary>
public sealed class RelationalChannelEventLog(RelationalDatabase database) : IChannelEventLog
{
    private ISqlDialect Sql => database.Dialect;

    public async Task<bool> TryTakeAsync(string channel, string eventId, DateTimeOffset at, TimeSpan keep, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keep, TimeSpan.Zero);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var forget = connection.CreateCommand())
        {
            forget.CommandText = "DELETE FROM channel_events WHERE received_at < @forget";
            forget.AddParameter(Sql, "@forget", at - keep);
            await forget.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var take = connection.CreateCommand();
        take.CommandText = "INSERT INTO channel_events (channel, event_id, received_at) VALUES (@channel, @event, @at) ON CONFLICT DO NOTHING";
        take.AddParameter(Sql, "@channel", channel);
        take.AddParameter(Sql, "@event", eventId);
        take.AddParameter(Sql, "@at", at);
        return await take.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
