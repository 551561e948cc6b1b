using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace CoachBot.Storage.Relational;

/// <summary>
/// The cluster's database: PostgreSQL, shared by every host. Native types throughout: <c>timestamptz</c> for times,
/// <c>boolean</c>, <c>bigint</c> identities, <c>jsonb</c> for JSON that code reads back (grain state, settings, citations,
/// reply metadata) and <c>json</c> for the audit detail, which keeps the exact text that was recorded.
/// </summary>
/// <remarks>
/// Full-text search over transcripts fits here as a stored generated column, e.g.
/// <c>search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED</c> with a GIN index, queried with
/// <c>search @@ websearch_to_tsquery('simple', @query)</c> and ranked with <c>ts_rank</c>; the statement would come from a
/// dialect member beside SQLite's FTS5 table, since the two engines share no full-text syntax.
/// </remarks>
public sealed partial class PostgresDialect : ISqlDialect, IDisposable
{
    // One fixed key for "CoachBot's schema" ("CoachBot" in ASCII): every host of one database waits on the same lock.
    private const long MigrationLockKey = 0x436F616368426F74;

    // Tables that erasure and retention delete from.
    private const string ErasedTables = "transcript_messages, grain_state, audit_log, user_consents, channel_identities, channel_link_codes";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString, TimeSpan lockWait)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _dataSource = NpgsqlDataSource.Create(builder);
        LockWait = lockWait;
    }

    /// <summary>How long migrations and <see cref="PurgeDeletedAsync"/> wait for a lock held by another connection.</summary>
    public TimeSpan LockWait { get; }

    public string Name => "postgresql";

    public DbConnection CreateConnection() => _dataSource.CreateConnection();

    public Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)";

    /// <summary>A transaction-level advisory lock on the scope's 64-bit hash: released by the commit or rollback.</summary>
    public async Task LockScopeAsync(DbTransaction transaction, string scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(hashtextextended(@scope, 0))";
        command.AddParameter(this, "@scope", scope);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A session-level advisory lock on the migrating connection: hosts starting together queue on it, and the first
    /// one's migrations are recorded before the next reads which are applied. PostgreSQL releases it if the host dies.
    /// </summary>
    public async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_advisory_lock(@key)";
        command.CommandTimeout = (int)Math.Ceiling(LockWait.TotalSeconds);
        command.AddParameter(this, "@key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new AdvisoryLock(connection);
    }

    public void BindParameter(DbParameter parameter, object? value)
    {
        var npgsql = (NpgsqlParameter)parameter;
        switch (value)
        {
            case null:
                npgsql.Value = DBNull.Value;
                break;
            case DateTimeOffset at:
                // timestamptz takes UTC only; the instant is the same.
                npgsql.NpgsqlDbType = NpgsqlDbType.TimestampTz;
                npgsql.Value = at.ToUniversalTime();
                break;
            case SqlJson json:
                // Sent as text of unknown type, so the column decides between json and jsonb.
                npgsql.NpgsqlDbType = NpgsqlDbType.Unknown;
                npgsql.Value = EscapedNul().Replace(json.Text, "$1\\ufffd");
                break;
            case string text:
                npgsql.Value = text.Replace('\0', Replacement);
                break;
            default:
                npgsql.Value = value;
                break;
        }
    }

    // PostgreSQL text cannot hold U+0000 (and jsonb refuses its escape): it is stored as the replacement character.
    private const char Replacement = '\uFFFD';

    // "\u0000" preceded by an even number of backslashes, i.e. an escape and not escaped text.
    [GeneratedRegex(@"(?<!\\)((?:\\\\)*)\\u0000", RegexOptions.CultureInvariant)]
    private static partial Regex EscapedNul();

    public DateTimeOffset ReadTimestamp(object value) => value switch
    {
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset at => at.ToUniversalTime(),
        _ => throw new InvalidCastException($"A time column returned {value.GetType().Name}."),
    };

    public bool ReadBoolean(object value) => (bool)value;

    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// A committed delete leaves the row's bytes in the table file until the space is reused. <c>VACUUM FULL</c> writes
    /// the affected tables (and their TOAST tables and indexes) to new files holding live rows only and removes the old
    /// files. It takes each table's exclusive lock for the rewrite; when a long transaction holds a table for longer than
    /// <see cref="LockWait"/>, it reports false and the next erasure tries again. The write-ahead log
    /// and backups keep older copies until they are recycled or expire; see the deployment notes.
    /// </summary>
    public async Task<bool> PurgeDeletedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var limit = connection.CreateCommand())
        {
            limit.CommandText = $"SET lock_timeout = {(int)Math.Ceiling(LockWait.TotalMilliseconds)}";
            await limit.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using var vacuum = connection.CreateCommand();
            // VACUUM runs outside any transaction; the table list is the constant above.
            vacuum.CommandText = $"VACUUM (FULL) {ErasedTables}";
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
        finally
        {
            await using var reset = connection.CreateCommand();
            reset.CommandText = "RESET lock_timeout";
            await reset.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public void Dispose() => _dataSource.Dispose();

    public string FullTextMatch => "m.search @@ websearch_to_tsquery('simple', @q)";

    public string? FullTextQuery(string text) => SearchWords.Of(text).Count == 0 ? null : text;

    public IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "grain state and transcripts", """
            CREATE TABLE grain_state (
                state_name   text         NOT NULL,
                grain_id     text         NOT NULL,
                etag         text         NOT NULL,
                payload      jsonb        NOT NULL,
                modified_at  timestamptz  NOT NULL,
                PRIMARY KEY (state_name, grain_id)
            );
            CREATE TABLE transcript_messages (
                id               bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id        text         NOT NULL,
                user_id          text         NOT NULL,
                conversation_id  text         NOT NULL,
                turn_id          text         NOT NULL,
                role             integer      NOT NULL,
                text             text         NOT NULL,
                status           integer      NOT NULL,
                created_at       timestamptz  NOT NULL,
                completed_at     timestamptz  NULL,
                citations        jsonb        NULL,
                model            text         NULL,
                error_code       text         NULL,
                UNIQUE (tenant_id, user_id, turn_id, role)
            );
            CREATE INDEX ix_transcript_conversation ON transcript_messages (tenant_id, user_id, conversation_id, id);
            """),
        new(2, "reply metadata", "ALTER TABLE transcript_messages ADD COLUMN metadata jsonb NULL;"),
        new(3, "tenants, api keys and audit log", """
            CREATE TABLE tenants (
                tenant_id      text         NOT NULL PRIMARY KEY,
                display_name   text         NOT NULL,
                settings       jsonb        NOT NULL,
                model_api_key  text         NULL,
                created_at     timestamptz  NOT NULL,
                updated_at     timestamptz  NOT NULL
            );
            CREATE TABLE api_keys (
                key_id        text         NOT NULL PRIMARY KEY,
                tenant_id     text         NULL REFERENCES tenants (tenant_id),
                kind          text         NOT NULL,
                key_hash      text         NOT NULL UNIQUE,
                hint          text         NOT NULL,
                created_at    timestamptz  NOT NULL,
                revoked_at    timestamptz  NULL,
                last_used_at  timestamptz  NULL
            );
            CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id, created_at);
            CREATE TABLE audit_log (
                id          bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id   text         NOT NULL,
                actor_kind  text         NOT NULL,
                actor_id    text         NOT NULL,
                action      text         NOT NULL,
                detail      json         NOT NULL,
                at          timestamptz  NOT NULL
            );
            CREATE INDEX ix_audit_log_tenant ON audit_log (tenant_id, id);
            """),
        new(4, "widget keys, identity secrets and used identity tokens", """
            ALTER TABLE tenants ADD COLUMN widget_key text NULL;
            ALTER TABLE tenants ADD COLUMN identity_secret text NULL;
            UPDATE tenants SET widget_key = 'cbw_' || substr(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'), 1, 48)
                WHERE widget_key IS NULL;
            CREATE UNIQUE INDEX ux_tenants_widget_key ON tenants (widget_key);
            CREATE TABLE identity_token_uses (
                tenant_id   text         NOT NULL,
                token_id    text         NOT NULL,
                expires_at  timestamptz  NOT NULL,
                PRIMARY KEY (tenant_id, token_id)
            );
            CREATE INDEX ix_identity_token_uses_expiry ON identity_token_uses (expires_at);
            """),
        new(5, "coaching review consent", """
            CREATE TABLE user_consents (
                tenant_id        text         NOT NULL,
                user_id          text         NOT NULL,
                coaching_review  boolean      NOT NULL,
                changed_at       timestamptz  NOT NULL,
                PRIMARY KEY (tenant_id, user_id)
            );
            """),
        new(6, "data rights: audit subject user and transcript age index", """
            ALTER TABLE audit_log ADD COLUMN subject_user_id text NULL;
            CREATE INDEX ix_audit_log_subject ON audit_log (tenant_id, subject_user_id, id);
            CREATE INDEX ix_transcript_created ON transcript_messages (tenant_id, created_at);
            """),
        // Its data step (EncryptTenantSecretsMigration) runs here too; see the SQLite dialect for why "offline" becomes "platform".
        new(7, "encrypted tenant secrets, channel settings and per-tenant models", """
            ALTER TABLE tenants ADD COLUMN slack_signing_secret text NULL;
            ALTER TABLE tenants ADD COLUMN slack_bot_token text NULL;
            ALTER TABLE tenants ADD COLUMN teams_app_password text NULL;
            CREATE TABLE tenant_channel_ids (
                channel      text  NOT NULL,
                external_id  text  NOT NULL,
                tenant_id    text  NOT NULL REFERENCES tenants (tenant_id),
                PRIMARY KEY (channel, external_id)
            );
            CREATE INDEX ix_tenant_channel_ids_tenant ON tenant_channel_ids (tenant_id);
            UPDATE tenants SET settings = jsonb_set(settings, '{model,provider}', '"platform"')
                WHERE settings #>> '{model,provider}' = 'offline';
            """),
        new(8, "tenant role-content overlays", """
            CREATE TABLE role_overlays (
                tenant_id        text         NOT NULL,
                role_id          text         NOT NULL,
                region_id        text         NOT NULL,
                markdown         text         NOT NULL,
                content_version  text         NOT NULL,
                etag             text         NOT NULL,
                updated_at       timestamptz  NOT NULL,
                updated_by_kind  text         NOT NULL,
                updated_by_id    text         NOT NULL,
                PRIMARY KEY (tenant_id, role_id)
            );
            """),
        new(9, "feedback on replies", """
            ALTER TABLE transcript_messages ADD COLUMN feedback_rating text NULL;
            ALTER TABLE transcript_messages ADD COLUMN feedback_comment text NULL;
            ALTER TABLE transcript_messages ADD COLUMN feedback_at timestamptz NULL;
            """),
        new(10, "channels: message channel, platform accounts and link codes", """
            ALTER TABLE transcript_messages ADD COLUMN channel text NULL;
            CREATE TABLE channel_identities (
                tenant_id         text         NOT NULL,
                channel           text         NOT NULL,
                workspace_id      text         NOT NULL,
                external_user_id  text         NOT NULL,
                own_user_id       text         NOT NULL,
                linked_user_id    text         NULL,
                created_at        timestamptz  NOT NULL,
                linked_at         timestamptz  NULL,
                PRIMARY KEY (tenant_id, channel, workspace_id, external_user_id)
            );
            CREATE INDEX ix_channel_identities_linked ON channel_identities (tenant_id, linked_user_id);
            CREATE TABLE channel_link_codes (
                tenant_id   text         NOT NULL,
                code_hash   text         NOT NULL,
                user_id     text         NOT NULL,
                expires_at  timestamptz  NOT NULL,
                PRIMARY KEY (tenant_id, code_hash)
            );
            CREATE INDEX ix_channel_link_codes_expiry ON channel_link_codes (expires_at);
            """),
        new(11, "taken chat-platform deliveries", """
            CREATE TABLE channel_events (
                channel      text         NOT NULL,
                event_id     text         NOT NULL,
                received_at  timestamptz  NOT NULL,
                PRIMARY KEY (channel, event_id)
            );
            CREATE INDEX ix_channel_events_received ON channel_events (received_at);
            """),
        new(13, "user erasures: sessions issued before are refused", """
            CREATE TABLE user_erasures (
                tenant_id   text         NOT NULL,
                user_id     text         NOT NULL,
                erased_at   timestamptz  NOT NULL,
                PRIMARY KEY (tenant_id, user_id)
            );
            """),
        // Search uses a generated tsvector of the messages' text with a GIN index: it follows every write and delete.
        new(14, "coach console: turn intent and profile, search, reviews, approved answers, flags, tags and notes", """
            ALTER TABLE transcript_messages ADD COLUMN intent text NULL;
            ALTER TABLE transcript_messages ADD COLUMN profile_snapshot jsonb NULL;
            UPDATE transcript_messages SET intent = metadata ->> 'intent' WHERE metadata IS NOT NULL;
            CREATE INDEX ix_transcript_tenant_recent ON transcript_messages (tenant_id, id);
            ALTER TABLE transcript_messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;
            CREATE INDEX ix_transcript_search ON transcript_messages USING GIN (search);
            CREATE TABLE coach_reviews (
                tenant_id           text         NOT NULL,
                user_id             text         NOT NULL,
                conversation_id     text         NOT NULL,
                turn_id             text         NOT NULL,
                rubric              text         NOT NULL,
                correction          text         NULL,
                question            text         NULL,
                role_id             text         NULL,
                region_id           text         NULL,
                approved_answer_id  text         NULL,
                reviewed_by         text         NOT NULL,
                reviewed_at         timestamptz  NOT NULL,
                PRIMARY KEY (tenant_id, user_id, turn_id)
            );
            CREATE TABLE approved_answers (
                answer_id   text         NOT NULL PRIMARY KEY,
                tenant_id   text         NOT NULL,
                role_id     text         NULL,
                region_id   text         NULL,
                question    text         NOT NULL,
                answer      text         NOT NULL,
                created_by  text         NOT NULL,
                created_at  timestamptz  NOT NULL
            );
            CREATE INDEX ix_approved_answers_tenant ON approved_answers (tenant_id, created_at);
            CREATE TABLE conversation_flags (
                flag_id          text         NOT NULL PRIMARY KEY,
                tenant_id        text         NOT NULL,
                user_id          text         NOT NULL,
                conversation_id  text         NOT NULL,
                turn_id          text         NULL,
                reason           text         NOT NULL,
                state            text         NOT NULL,
                note             text         NULL,
                created_by       text         NOT NULL,
                created_at       timestamptz  NOT NULL,
                updated_at       timestamptz  NOT NULL
            );
            CREATE INDEX ix_conversation_flags ON conversation_flags (tenant_id, user_id, conversation_id);
            CREATE TABLE conversation_tags (
                tenant_id        text         NOT NULL,
                user_id          text         NOT NULL,
                conversation_id  text         NOT NULL,
                tag              text         NOT NULL,
                PRIMARY KEY (tenant_id, user_id, conversation_id, tag)
            );
            CREATE TABLE coach_notes (
                note_id          text         NOT NULL PRIMARY KEY,
                tenant_id        text         NOT NULL,
                user_id          text         NOT NULL,
                conversation_id  text         NOT NULL,
                text             text         NOT NULL,
                created_by       text         NOT NULL,
                created_at       timestamptz  NOT NULL
            );
            CREATE INDEX ix_coach_notes ON coach_notes (tenant_id, user_id, conversation_id);
            """),
        new(15, "human coach messages: author of a message", """
            ALTER TABLE transcript_messages ADD COLUMN author_id text NULL;
            ALTER TABLE transcript_messages ADD COLUMN author_name text NULL;
            """),
        // An activation asks for its user's replies still streaming; no other index narrows to the user's rows alone,
        // and the tenant's index walks every row of the tenant. Only replies being written are in this one.
        new(16, "replies still streaming, by user", """
            CREATE INDEX ix_transcript_streaming ON transcript_messages (tenant_id, user_id, id) WHERE role = 1 AND status = 0;
            """),
        // As on SQLite: only finished messages are searched (status 0 is streaming), so a checkpoint of a streaming reply
        // does not compute its words again and rewrite its index entries each time.
        new(17, "search indexes finished messages only", """
            DROP INDEX ix_transcript_search;
            ALTER TABLE transcript_messages DROP COLUMN search;
            ALTER TABLE transcript_messages ADD COLUMN search tsvector GENERATED ALWAYS AS (CASE WHEN status = 0 THEN NULL ELSE to_tsvector('simple', text) END) STORED;
            CREATE INDEX ix_transcript_search ON transcript_messages USING GIN (search);
            """),
    ];

    private sealed class AdvisoryLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_unlock({MigrationLockKey})";
            await command.ExecuteNonQueryAsync();
        }
    }
}
