using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Tenancy;
using CoachBot.Storage.Tests.Secrets;
using CoachBot.Storage.Transcripts;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tests.Tenancy;

/// <summary>The relational side of an erasure: consent and its audit trail go, the time stays, and deleted text leaves the files.</summary>
public sealed class RelationalUserErasureStoreTests : IDisposable
{
    private static readonly TenantId A = TenantId.Parse("tenant-a");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Erasure_removes_the_users_consent_and_consent_audit_and_records_when_it_happened(StorageEngine engine)
    {
        _db.Start(engine);
        var database = _db.Open();
        var tenants = new RelationalTenantStore(database, TestSecrets.Protector);
        await tenants.CreateTenantAsync(new Tenant(A, "A", new TenantSettings(), false, T0, T0), null, AuditActor.System, Cancel);
        var consents = new RelationalConsentStore(database);
        var erasures = new RelationalUserErasureStore(database);
        var erased = new UserKey(A, UserId.Parse("ann"));
        var kept = new UserKey(A, UserId.Parse("bob"));
        await consents.SetCoachingReviewConsentAsync(erased, true, T0, Cancel);
        await consents.SetCoachingReviewConsentAsync(erased, false, T0.AddMinutes(1), Cancel);
        await consents.SetCoachingReviewConsentAsync(erased, true, T0.AddMinutes(2), Cancel);
        await consents.SetCoachingReviewConsentAsync(kept, true, T0, Cancel);
        await tenants.RecordUserAuditAsync(erased, AuditActor.User(erased.User), AuditActions.UserExported, T0.AddMinutes(3), Cancel);
        Assert.Null(await erasures.GetErasedAtAsync(erased, Cancel));

        await erasures.EraseAsync(erased, T0.AddMinutes(4), Cancel);

        Assert.False(await consents.GetCoachingReviewConsentAsync(erased, Cancel));
        Assert.Equal([kept.User], (await consents.ListConsentedUsersAsync(A, Cancel)).Select(u => u.UserId));
        Assert.Equal(T0.AddMinutes(4), await erasures.GetErasedAtAsync(erased, Cancel));
        Assert.Null(await erasures.GetErasedAtAsync(kept, Cancel));
        var audit = await tenants.ListAuditAsync(A, 100, Cancel);
        Assert.DoesNotContain(audit, e => e.Actor.Id == "ann" && e.Action is AuditActions.ConsentGranted or AuditActions.ConsentWithdrawn);
        Assert.Contains(audit, e => e.Actor.Id == "bob" && e.Action == AuditActions.ConsentGranted);
        Assert.Contains(audit, e => e.Action == AuditActions.UserExported);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task After_a_purge_deleted_text_is_in_neither_the_database_file_nor_its_log(StorageEngine engine)
    {
        _db.Start(engine);
        const string Secret = "Zanzibarquetzal";
        const string Kept = "Marmalodeon";
        var database = _db.Open();
        var transcripts = new RelationalTranscriptStore(database);
        var user = new UserKey(A, UserId.Parse("ann"));
        var other = UserId.Parse("bob");
        var conversation = ConversationId.New();
        // The erased rows sit between rows that stay, on the same pages: freeing the space is not enough.
        await transcripts.AppendAsync(
            [.. Enumerable.Range(0, 100).Select(i => new TranscriptMessage
            {
                TenantId = A,
                UserId = i % 2 == 0 ? user.User : other,
                ConversationId = conversation,
                TurnId = TurnId.New(),
                Role = MessageRole.User,
                Text = $"{(i % 2 == 0 ? Secret : Kept)} {i} " + new string('x', 200),
                Status = TurnStatus.Completed,
                CreatedAt = T0,
            })],
            Cancel);
        Assert.NotEmpty(await _db.FilesHoldingAsync(Secret, Cancel));

        Assert.Equal(50, await transcripts.DeleteUserAsync(user, Cancel));
        // PostgreSQL's VACUUM FULL keeps a deleted row that a snapshot still open on the server could see (another
        // connection starting up holds one back for a moment); the next purge takes it, as the erasure sweep's next
        // round would. SQLite's purge is complete in one pass.
        var holding = (IReadOnlyList<string>)[];
        for (var pass = 1; pass <= (engine == StorageEngine.PostgreSql ? 5 : 1); pass++)
        {
            Assert.True(await new RelationalUserErasureStore(database).PurgeDeletedAsync(Cancel));
            holding = await _db.FilesHoldingAsync(Secret, Cancel);
            if (holding.Count == 0)
            {
                break;
            }
        }

        Assert.Empty(holding);
        Assert.NotEmpty(await _db.FilesHoldingAsync(Kept, Cancel));
        Assert.Equal(50, (await transcripts.ListAllAsync(new UserKey(A, other), Cancel)).Length);
        if (engine == StorageEngine.Sqlite)
        {
            // SQLite's log is emptied (or, once the last connection closed, removed). PostgreSQL's log segments are
            // recycled by the server and are outside what the application can purge (see the deployment notes).
            var log = new FileInfo(_db.DatabasePath + "-wal");
            Assert.True(!log.Exists || log.Length == 0, $"the write-ahead log still holds {log.Length} bytes");
        }
    }
}
