using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CoachBot.Storage.Relational;

/// <summary>
/// The embedded default: one SQLite file in the data folder, in WAL mode. SQLite has no time or boolean types: times are
/// fixed-width ISO-8601 UTC text (so text order is time order) and booleans are 0 or 1.
/// </summary>
public sealed class SqliteDialect : ISqlDialect
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> MigrationGates = new(StringComparer.Ordinal);

    private readonly string _connectionString;

    public SqliteDialect(string databasePath, TimeSpan busyTimeout)
    {
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    public string Name => "sqlite";

    public bool SingleWriter => true;

    public DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public async Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // WAL lets readers run beside the single writer; foreign keys are off by default in SQLite. Secure deletion
        // overwrites deleted rows and freed pages with zeros, so erased text does not linger in the file. Temporary
        // storage stays in memory: each savepoint of a group commit keeps the original of every page it changes in a
        // statement journal, which would otherwise be a temporary file written page by page (and left on the disk's
        // free blocks once deleted); it is needed only until the transaction ends, so a crash loses nothing with it.
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; PRAGMA temp_store=MEMORY;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The search index is merged so deleted words leave it. The write-ahead log still holds the page images written before a delete: checkpoint them into the (zeroed) main
    /// file and truncate the log to nothing. Busy readers make the checkpoint stop short; it reports false then.
    /// </summary>
    public async Task<bool> PurgeDeletedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var merge = connection.CreateCommand())
        {
            // The search index keeps deleted words in its segments until they are merged.
            merge.CommandText = "INSERT INTO transcript_search (transcript_search) VALUES ('optimize')";
            await merge.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // One row: busy (0 or 1), frames in the log, frames checkpointed.
        return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0;
    }

    public string MigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

    /// <summary>
    /// The embedded file belongs to one process; within it, database objects on the same file migrate one at a time.
    /// </summary>
    public async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var gate = MigrationGates.GetOrAdd(Path.GetFullPath(DatabasePath), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new GateRelease(gate);
    }

    public void BindParameter(DbParameter parameter, object? value) =>
        parameter.Value = value switch
        {
            null => DBNull.Value,
            DateTimeOffset at => FormatTimestamp(at),
            bool flag => flag ? 1 : 0,
            SqlJson json => json.Text,
            _ => value,
        };

    public DateTimeOffset ReadTimestamp(object value) => ParseTimestamp((string)value);

    public bool ReadBoolean(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;

    /// <summary>The stored form of a time: ISO-8601 UTC with seven fraction digits.</summary>
    public static string FormatTimestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public string FullTextMatch => "m.id IN (SELECT rowid FROM transcript_search WHERE transcript_search MATCH @q)";

    /// <summary>Each word quoted (so nothing typed is read as FTS5 syntax), all required, the last one as a prefix.</summary>
    public string? FullTextQuery(string text)
    {
        var words = SearchWords.Of(text);
        return words.Count == 0 ? null : string.Join(' ', words.Select(w => '"' + w + '"')) + '*';
    }

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    public IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "grain state and transcripts", """
            CREATE TABLE grain_state (
                state_name   TEXT    NOT NULL,
                grain_id     TEXT    NOT NULL,
                etag         TEXT    NOT NULL,
                payload      TEXT    NOT NULL,
                modified_at  TEXT    NOT NULL,
                PRIMARY KEY (state_name, grain_id)
            );
            CREATE TABLE transcript_messages (
                id               INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id        TEXT    NOT NULL,
                user_id          TEXT    NOT NULL,
                conversation_id  TEXT    NOT NULL,
                turn_id          TEXT    NOT NULL,
                role             INTEGER NOT NULL,
                text             TEXT    NOT NULL,
                status           INTEGER NOT NULL,
                created_at       TEXT    NOT NULL,
                completed_at     TEXT    NULL,
                citations        TEXT    NULL,
                model            TEXT    NULL,
                error_code       TEXT    NULL,
                UNIQUE (tenant_id, user_id, turn_id, role)
            );
            CREATE INDEX ix_transcript_conversation ON transcript_messages (tenant_id, user_id, conversation_id, id);
            """),
        new(2, "reply metadata", "ALTER TABLE transcript_messages ADD COLUMN metadata TEXT NULL;"),
        new(3, "tenants, api keys and audit log", """
            CREATE TABLE tenants (
                tenant_id      TEXT    NOT NULL PRIMARY KEY,
                display_name   TEXT    NOT NULL,
                settings       TEXT    NOT NULL,
                model_api_key  TEXT    NULL,
                created_at     TEXT    NOT NULL,
                updated_at     TEXT    NOT NULL
            );
            CREATE TABLE api_keys (
                key_id        TEXT    NOT NULL PRIMARY KEY,
                tenant_id     TEXT    NULL REFERENCES tenants (tenant_id),
                kind          TEXT    NOT NULL,
                key_hash      TEXT    NOT NULL UNIQUE,
                hint          TEXT    NOT NULL,
                created_at    TEXT    NOT NULL,
                revoked_at    TEXT    NULL,
                last_used_at  TEXT    NULL
            );
            CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id, created_at);
            CREATE TABLE audit_log (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant_id   TEXT    NOT NULL,
                actor_kind  TEXT    NOT NULL,
                actor_id    TEXT    NOT NULL,
                action      TEXT    NOT NULL,
                detail      TEXT    NOT NULL,
                at          TEXT    NOT NULL
            );
            CREATE INDEX ix_audit_log_tenant ON audit_log (tenant_id, id);
            """),
        new(4, "widget keys, identity secrets and used identity tokens", """
            ALTER TABLE tenants ADD COLUMN widget_key TEXT NULL;
            ALTER TABLE tenants ADD COLUMN identity_secret TEXT NULL;
            UPDATE tenants SET widget_key = 'cbw_' || lower(hex(randomblob(24))) WHERE widget_key IS NULL;
            CREATE UNIQUE INDEX ux_tenants_widget_key ON tenants (widget_key);
            CREATE TABLE identity_token_uses (
                tenant_id   TEXT    NOT NULL,
                token_id    TEXT    NOT NULL,
                expires_at  TEXT    NOT NULL,
                PRIMARY KEY (tenant_id, token_id)
            );
            CREATE INDEX ix_identity_token_uses_expiry ON identity_token_uses (expires_at);
            """),
        new(5, "coaching review consent", """
            CREATE TABLE user_consents (
                tenant_id        TEXT    NOT NULL,
                user_id          TEXT    NOT NULL,
                coaching_review  INTEGER NOT NULL,
                changed_at       TEXT    NOT NULL,
                PRIMARY KEY (tenant_id, user_id)
            );
            """),
        new(6, "data rights: audit subject user and transcript age index", """
            ALTER TABLE audit_log ADD COLUMN subject_user_id TEXT NULL;
            CREATE INDEX ix_audit_log_subject ON audit_log (tenant_id, subject_user_id, id);
            CREATE INDEX ix_transcript_created ON transcript_messages (tenant_id, created_at);
            """),
        // Its data step (EncryptTenantSecretsMigration) encrypts the secrets stored in plaintext before. Until this
        // migration a tenant's model settings were not used (every turn used Coaching:Model), so "offline" becomes
        // "platform", which keeps each tenant on the model it really used.
        new(7, "encrypted tenant secrets, channel settings and per-tenant models", """
            ALTER TABLE tenants ADD COLUMN slack_signing_secret TEXT NULL;
            ALTER TABLE tenants ADD COLUMN slack_bot_token TEXT NULL;
            ALTER TABLE tenants ADD COLUMN teams_app_password TEXT NULL;
            CREATE TABLE tenant_channel_ids (
                channel      TEXT    NOT NULL,
                external_id  TEXT    NOT NULL,
                tenant_id    TEXT    NOT NULL REFERENCES tenants (tenant_id),
                PRIMARY KEY (channel, external_id)
            );
            CREATE INDEX ix_tenant_channel_ids_tenant ON tenant_channel_ids (tenant_id);
            UPDATE tenants SET settings = json_set(settings, '$.model.provider', 'platform')
                WHERE json_extract(settings, '$.model.provider') = 'offline';
            """),
        new(8, "tenant role-content overlays", """
            CREATE TABLE role_overlays (
                tenant_id        TEXT    NOT NULL,
                role_id          TEXT    NOT NULL,
                region_id        TEXT    NOT NULL,
                markdown         TEXT    NOT NULL,
                content_version  TEXT    NOT NULL,
                etag             TEXT    NOT NULL,
                updated_at       TEXT    NOT NULL,
                updated_by_kind  TEXT    NOT NULL,
                updated_by_id    TEXT    NOT NULL,
                PRIMARY KEY (tenant_id, role_id)
            );
            """),
        new(9, "feedback on replies", """
            ALTER TABLE transcript_messages ADD COLUMN feedback_rating TEXT NULL;
            ALTER TABLE transcript_messages ADD COLUMN feedback_comment TEXT NULL;
            ALTER TABLE transcript_messages ADD COLUMN feedback_at TEXT NULL;
            """),
        new(10, "channels: message channel, platform accounts and link codes", """
            ALTER TABLE transcript_messages ADD COLUMN channel TEXT NULL;
            CREATE TABLE channel_identities (
                tenant_id         TEXT    NOT NULL,
                channel           TEXT    NOT NULL,
                workspace_id      TEXT    NOT NULL,
                external_user_id  TEXT    NOT NULL,
                own_user_id       TEXT    NOT NULL,
                linked_user_id    TEXT    NULL,
                created_at        TEXT    NOT NULL,
                linked_at         TEXT    NULL,
                PRIMARY KEY (tenant_id, channel, workspace_id, external_user_id)
            );
            CREATE INDEX ix_channel_identities_linked ON channel_identities (tenant_id, linked_user_id);
            CREATE TABLE channel_link_codes (
                tenant_id   TEXT    NOT NULL,
                code_hash   TEXT    NOT NULL,
                user_id     TEXT    NOT NULL,
                expires_at  TEXT    NOT NULL,
                PRIMARY KEY (tenant_id, code_hash)
            );
            CREATE INDEX ix_channel_link_codes_expiry ON channel_link_codes (expires_at);
            """),
        new(11, "taken chat-platform deliveries", """
            CREATE TABLE channel_events (
                channel      TEXT    NOT NULL,
                event_id     TEXT    NOT NULL,
                received_at  TEXT    NOT NULL,
                PRIMARY KEY (channel, event_id)
            );
            CREATE INDEX ix_channel_events_received ON channel_events (received_at);
            """),
        new(13, "user erasures: sessions issued before are refused", """
            CREATE TABLE user_erasures (
                tenant_id   TEXT    NOT NULL,
                user_id     TEXT    NOT NULL,
                erased_at   TEXT    NOT NULL,
                PRIMARY KEY (tenant_id, user_id)
            );
            """),
        // Search uses an external-content FTS5 table over the messages' text, kept in step by triggers, so erasure and
        // retention (plain deletes) take the text out of the index too.
        new(14, "coach console: turn intent and profile, search, reviews, approved answers, flags, tags and notes", """
            ALTER TABLE transcript_messages ADD COLUMN intent TEXT NULL;
            ALTER TABLE transcript_messages ADD COLUMN profile_snapshot TEXT NULL;
            UPDATE transcript_messages SET intent = json_extract(metadata, '$.intent') WHERE metadata IS NOT NULL;
            CREATE INDEX ix_transcript_tenant_recent ON transcript_messages (tenant_id, id);
            CREATE VIRTUAL TABLE transcript_search USING fts5 (text, content = 'transcript_messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
            INSERT INTO transcript_search (transcript_search) VALUES ('rebuild');
            CREATE TRIGGER transcript_search_insert AFTER INSERT ON transcript_messages BEGIN
                INSERT INTO transcript_search (rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER transcript_search_delete AFTER DELETE ON transcript_messages BEGIN
                INSERT INTO transcript_search (transcript_search, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TRIGGER transcript_search_update AFTER UPDATE OF text ON transcript_messages BEGIN
                INSERT INTO transcript_search (transcript_search, rowid, text) VALUES ('delete', old.id, old.text);
                INSERT INTO transcript_search (rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TABLE coach_reviews (
                tenant_id           TEXT    NOT NULL,
                user_id             TEXT    NOT NULL,
                conversation_id     TEXT    NOT NULL,
                turn_id             TEXT    NOT NULL,
                rubric              TEXT    NOT NULL,
                correction          TEXT    NULL,
                question            TEXT    NULL,
                role_id             TEXT    NULL,
                region_id           TEXT    NULL,
                approved_answer_id  TEXT    NULL,
                reviewed_by         TEXT    NOT NULL,
                reviewed_at         TEXT    NOT NULL,
                PRIMARY KEY (tenant_id, user_id, turn_id)
            );
            CREATE TABLE approved_answers (
                answer_id   TEXT    NOT NULL PRIMARY KEY,
                tenant_id   TEXT    NOT NULL,
                role_id     TEXT    NULL,
                region_id   TEXT    NULL,
                question    TEXT    NOT NULL,
                answer      TEXT    NOT NULL,
                created_by  TEXT    NOT NULL,
                created_at  TEXT    NOT NULL
            );
            CREATE INDEX ix_approved_answers_tenant ON approved_answers (tenant_id, created_at);
            CREATE TABLE conversation_flags (
                flag_id          TEXT    NOT NULL PRIMARY KEY,
                tenant_id        TEXT    NOT NULL,
                user_id          TEXT    NOT NULL,
                conversation_id  TEXT    NOT NULL,
                turn_id          TEXT    NULL,
                reason           TEXT    NOT NULL,
                state            TEXT    NOT NULL,
                note             TEXT    NULL,
                created_by       TEXT    NOT NULL,
                created_at       TEXT    NOT NULL,
                updated_at       TEXT    NOT NULL
            );
            CREATE INDEX ix_conversation_flags ON conversation_flags (tenant_id, user_id, conversation_id);
            CREATE TABLE conversation_tags (
                tenant_id        TEXT    NOT NULL,
                user_id          TEXT    NOT NULL,
                conversation_id  TEXT    NOT NULL,
                tag              TEXT    NOT NULL,
                PRIMARY KEY (tenant_id, user_id, conversation_id, tag)
            );
            CREATE TABLE coach_notes (
                note_id          TEXT    NOT NULL PRIMARY KEY,
                tenant_id        TEXT    NOT NULL,
                user_id          TEXT    NOT NULL,
                conversation_id  TEXT    NOT NULL,
                text             TEXT    NOT NULL,
                created_by       TEXT    NOT NULL,
                created_at       TEXT    NOT NULL
            );
            CREATE INDEX ix_coach_notes ON coach_notes (tenant_id, user_id, conversation_id);
            """),
        new(15, "human coach messages: author of a message", """
            ALTER TABLE transcript_messages ADD COLUMN author_id TEXT NULL;
            ALTER TABLE transcript_messages ADD COLUMN author_name TEXT NULL;
            """),
        // An activation asks for its user's replies still streaming; no other index narrows to the user's rows alone,
        // and the tenant's index walks every row of the tenant. Only replies being written are in this one.
        new(16, "replies still streaming, by user", """
            CREATE INDEX ix_transcript_streaming ON transcript_messages (tenant_id, user_id, id) WHERE role = 1 AND status = 0;
            """),
        // A reply is checkpointed every few seconds while it streams, and re-indexing its whole text each time (taking the
        // old words out, putting the longer text in) made the search index most of what a long reply wrote to disk. The
        // index now holds finished messages only (status 0 is streaming): a reply enters it once, with its outcome. The
        // texts of replies still streaming are taken out of it, so that each later delete names what the index holds.
        new(17, "search indexes finished messages only", """
            DROP TRIGGER transcript_search_insert;
            DROP TRIGGER transcript_search_delete;
            DROP TRIGGER transcript_search_update;
            INSERT INTO transcript_search (transcript_search, rowid, text) SELECT 'delete', id, text FROM transcript_messages WHERE status = 0;
            CREATE TRIGGER transcript_search_insert AFTER INSERT ON transcript_messages WHEN new.status <> 0 BEGIN
                INSERT INTO transcript_search (rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER transcript_search_delete AFTER DELETE ON transcript_messages WHEN old.status <> 0 BEGIN
                INSERT INTO transcript_search (transcript_search, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TRIGGER transcript_search_update_out AFTER UPDATE OF text, status ON transcript_messages WHEN old.status <> 0 BEGIN
                INSERT INTO transcript_search (transcript_search, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TRIGGER transcript_search_update_in AFTER UPDATE OF text, status ON transcript_messages WHEN new.status <> 0 BEGIN
                INSERT INTO transcript_search (rowid, text) VALUES (new.id, new.text);
            END;
            """),
    ];
}

internal sealed class GateRelease(SemaphoreSlim gate) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        gate.Release();
        return ValueTask.CompletedTask;
    }
}
