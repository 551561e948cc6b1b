using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Storage.Tenancy;
using CoachBot.Storage.Tests.Secrets;
using CoachBot.Storage.Transcripts;
using CoachBot.Tenancy;

namespace CoachBot.Storage.Tests.Transcripts;

public sealed class TranscriptDataRightsTests : IDisposable
{
    private static readonly UserKey Alice = new(TenantId.Parse("tenant-a"), UserId.Parse("alice"));
    private static readonly UserKey Bob = new(TenantId.Parse("tenant-a"), UserId.Parse("bob"));
    private static readonly UserKey AliceInOtherTenant = new(TenantId.Parse("tenant-b"), UserId.Parse("alice"));
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task All_of_a_users_conversations_are_listed_and_deleted_without_touching_others(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTranscriptStore(_db.Open());
        var ct = TestContext.Current.CancellationToken;
        await AppendTurnAsync(store, Alice, ConversationId.New(), T0);
        await AppendTurnAsync(store, Alice, ConversationId.New(), T0.AddMinutes(1));
        await AppendTurnAsync(store, Bob, ConversationId.New(), T0);
        await AppendTurnAsync(store, AliceInOtherTenant, ConversationId.New(), T0);

        var all = await store.ListAllAsync(Alice, ct);
        Assert.Equal(4, all.Length);
        Assert.Equal(2, all.Select(m => m.ConversationId).Distinct().Count());
        Assert.All(all, m => Assert.Equal((Alice.Tenant, Alice.User), (m.TenantId, m.UserId)));

        Assert.Equal(4, await store.DeleteUserAsync(Alice, ct));
        Assert.Empty(await store.ListAllAsync(Alice, ct));
        Assert.Equal(2, (await store.ListAllAsync(Bob, ct)).Length);
        Assert.Equal(2, (await store.ListAllAsync(AliceInOtherTenant, ct)).Length);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Retention_deletes_only_the_tenants_rows_older_than_the_cutoff(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTranscriptStore(_db.Open());
        var ct = TestContext.Current.CancellationToken;
        await AppendTurnAsync(store, Alice, ConversationId.New(), T0.AddDays(-10));
        await AppendTurnAsync(store, Alice, ConversationId.New(), T0);
        await AppendTurnAsync(store, AliceInOtherTenant, ConversationId.New(), T0.AddDays(-10));

        Assert.Equal(2, await store.DeleteOlderThanAsync(Alice.Tenant, T0.AddDays(-1), ct));

        var left = await store.ListAllAsync(Alice, ct);
        Assert.Equal(2, left.Length);
        Assert.All(left, m => Assert.Equal(T0, m.CreatedAt));
        Assert.Equal(2, (await store.ListAllAsync(AliceInOtherTenant, ct)).Length);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Audit_entries_about_a_user_are_listed_for_that_user_only(StorageEngine engine)
    {
        _db.Start(engine);
        var store = new RelationalTenantStore(_db.Open(), TestSecrets.Protector);
        var ct = TestContext.Current.CancellationToken;
        var admin = new AuditActor("tenant-admin", "key_1");
        await store.RecordUserAuditAsync(Alice, admin, AuditActions.UserExported, T0, ct);
        await store.RecordUserAuditAsync(Bob, admin, AuditActions.UserDeleted, T0, ct);
        await store.RecordUserAuditAsync(AliceInOtherTenant, admin, AuditActions.UserDeleted, T0, ct);

        var entry = Assert.Single(await store.ListAuditAboutUserAsync(Alice, ct));
        Assert.Equal((AuditActions.UserExported, "key_1"), (entry.Action, entry.Actor.Id));
        Assert.Contains("\"alice\"", entry.Detail, StringComparison.Ordinal);
        Assert.Equal(3, (await store.ListAuditAsync(Alice.Tenant, 10, ct)).Count + (await store.ListAuditAsync(AliceInOtherTenant.Tenant, 10, ct)).Count);
    }

    private static Task AppendTurnAsync(RelationalTranscriptStore store, UserKey user, ConversationId conversation, DateTimeOffset at)
    {
        var turn = TurnId.New();
        TranscriptMessage Message(MessageRole role) => new()
        {
            TenantId = user.Tenant,
            UserId = user.User,
            ConversationId = conversation,
            TurnId = turn,
            Role = role,
            Text = role.ToString(),
            Status = TurnStatus.Completed,
            CreatedAt = at,
        };
        return store.AppendAsync([Message(MessageRole.User), Message(MessageRole.Assistant)], TestContext.Current.CancellationToken);
    }
}
