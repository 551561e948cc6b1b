using System.Data.Common;
using System.Text.Json;
using CoachBot.Storage.Relational;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace CoachBot.Storage.GrainState;

/// <summary>
/// Orleans grain storage on CoachBot's relational database, with optimistic concurrency: every write names the ETag it
/// read, and a write against a stale ETag is rejected with <see cref="InconsistentStateException"/> instead of
/// overwriting someone else's change.
/// </summary>
public sealed partial class RelationalGrainStorage(
    string name,
    RelationalDatabase database,
    TimeProvider timeProvider,
    ILogger<RelationalGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private ISqlDialect Sql => database.Dialect;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, payload FROM grain_state WHERE state_name = @state AND grain_id = @grain";
        command.AddParameter(Sql, "@state", stateName);
        command.AddParameter(Sql, "@grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var etag = reader.GetString(0);
        var payload = reader.GetString(1);
        try
        {
            grainState.State = JsonSerializer.Deserialize<T>(payload, GrainStateJson.Options) ?? Activator.CreateInstance<T>();
        }
        catch (JsonException ex)
        {
            LogUnreadableState(ex, name, stateName, grainId);
            throw new InconsistentStateException($"Stored state '{stateName}' of {grainId} could not be read: {ex.Message}", ex);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = JsonSerializer.Serialize(grainState.State, GrainStateJson.Options);
        var newEtag = Guid.NewGuid().ToString("N");
        var now = timeProvider.GetUtcNow();
        var expected = grainState.ETag;
        var grain = grainId.ToString();
        await database.WriteAsync(async (connection, transaction, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.AddParameter(Sql, "@state", stateName);
            command.AddParameter(Sql, "@grain", grain);
            command.AddParameter(Sql, "@etag", newEtag);
            command.AddParameter(Sql, "@payload", new SqlJson(payload));
            command.AddParameter(Sql, "@at", now);

            int changed;
            if (expected is null)
            {
                command.CommandText = "INSERT INTO grain_state (state_name, grain_id, etag, payload, modified_at) VALUES (@state, @grain, @etag, @payload, @at)";
                try
                {
                    changed = await command.ExecuteNonQueryAsync(ct);
                }
                catch (DbException ex) when (database.Dialect.IsUniqueViolation(ex))
                {
                    throw new InconsistentStateException($"State '{stateName}' of {grain} was created by another writer.", storedEtag: "unknown", currentEtag: "none");
                }
            }
            else
            {
                command.CommandText = "UPDATE grain_state SET etag = @etag, payload = @payload, modified_at = @at WHERE state_name = @state AND grain_id = @grain AND etag = @expected";
                command.AddParameter(Sql, "@expected", expected);
                changed = await command.ExecuteNonQueryAsync(ct);
            }

            if (changed != 1)
            {
                throw new InconsistentStateException($"State '{stateName}' of {grain} was changed by another writer.", storedEtag: "unknown", currentEtag: expected ?? "none");
            }

            return true;
        });

        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is { } expected)
        {
            var grain = grainId.ToString();
            await database.WriteAsync(async (connection, transaction, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM grain_state WHERE state_name = @state AND grain_id = @grain AND etag = @expected";
                command.AddParameter(Sql, "@state", stateName);
                command.AddParameter(Sql, "@grain", grain);
                command.AddParameter(Sql, "@expected", expected);
                if (await command.ExecuteNonQueryAsync(ct) != 1)
                {
                    throw new InconsistentStateException($"State '{stateName}' of {grain} was changed by another writer.", storedEtag: "unknown", currentEtag: expected);
                }

                return true;
            });
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<RelationalGrainStorage>(name), ServiceLifecycleStage.ApplicationServices, ct => database.EnsureSchemaAsync(ct));

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage {Storage} could not read state {StateName} of {GrainId}")]
    private partial void LogUnreadableState(Exception exception, string storage, string stateName, GrainId grainId);
}
