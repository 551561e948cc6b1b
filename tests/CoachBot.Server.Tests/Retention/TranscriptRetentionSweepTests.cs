using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Retention;
using CoachBot.Server.Tests.Support;
using CoachBot.Storage;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Secrets;
using CoachBot.Storage.Tenancy;
using CoachBot.Storage.Transcripts;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Server.Tests.Retention;

public sealed class TranscriptRetentionSweepTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _data = new();
    private readonly TempFolder _hostData = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly RelationalTenantStore _tenants;
    private readonly RelationalTranscriptStore _transcripts;
    private readonly RecordingRetainedTurns _retained = new();

    public TranscriptRetentionSweepTests()
    {
        var database = new RelationalDatabase(new SqliteDialect(Path.Combine(_data.Path, "coachbot.db"), TimeSpan.FromSeconds(5)), NullLogger<RelationalDatabase>.Instance);
        _tenants = new RelationalTenantStore(database, new DataProtectionTenantSecretProtector(new EphemeralDataProtectionProvider(), NullLogger<DataProtectionTenantSecretProtector>.Instance));
        _transcripts = new RelationalTranscriptStore(database);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
        _hostData.Dispose();
    }

    [Fact]
    public async Task Rows_older_than_each_tenants_retention_are_deleted()
    {
        var shortKeep = await CreateTenantAsync("short", retentionDays: 30);
        var longKeep = await CreateTenantAsync("long", retentionDays: 365);
        var shortUser = new UserKey(shortKeep, UserId.Parse("alice"));
        var longUser = new UserKey(longKeep, UserId.Parse("alice"));
        await AppendTurnAsync(_transcripts, shortUser, Now.AddDays(-40));
        await AppendTurnAsync(_transcripts, shortUser, Now.AddDays(-10));
        await AppendTurnAsync(_transcripts, longUser, Now.AddDays(-40));

        Assert.Equal(2, await NewSweep().SweepAsync(Cancel));

        Assert.All(await _transcripts.ListAllAsync(shortUser, Cancel), m => Assert.Equal(Now.AddDays(-10), m.CreatedAt));
        Assert.Equal(2, (await _transcripts.ListAllAsync(shortUser, Cancel)).Length);
        Assert.Equal(2, (await _transcripts.ListAllAsync(longUser, Cancel)).Length);
    }

    [Fact]
    public async Task The_clusters_one_sweep_grain_runs_on_its_own_timer()
    {
        await using var host = await TestHost.StartAsync(_hostData.Path, settings: new Dictionary<string, string?> { ["Retention:SweepInterval"] = "00:00:01" });
        var transcripts = host.Services.GetRequiredService<ITranscriptStore>();
        var user = new UserKey(TenantId.Parse("default"), UserId.Parse("old-timer"));
        var now = DateTimeOffset.UtcNow;
        await AppendTurnAsync(transcripts, user, now.AddDays(-400));
        await AppendTurnAsync(transcripts, user, now.AddDays(-1));
        var swept = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<TranscriptRetentionSweep>().Swept += count =>
        {
            if (count > 0)
            {
                swept.TrySetResult(count);
            }
        };

        // Nothing asks for this sweep: the grain's timer runs it.
        Assert.Equal(2, await swept.Task.WaitAsync(TimeSpan.FromSeconds(60), Cancel));
        Assert.All(await transcripts.ListAllAsync(user, Cancel), m => Assert.True(m.CreatedAt > now.AddDays(-2)));
    }

    [Fact]
    public async Task A_sweep_uses_the_clock_so_rows_age_out_as_time_passes()
    {
        var tenant = await CreateTenantAsync("aging", retentionDays: 1);
        var user = new UserKey(tenant, UserId.Parse("bob"));
        await AppendTurnAsync(_transcripts, user, Now);
        var service = NewSweep();

        Assert.Equal(0, await service.SweepAsync(Cancel));
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(2, await service.SweepAsync(Cancel));
        Assert.Empty(await _transcripts.ListAllAsync(user, Cancel));
    }

    [Fact]
    public async Task The_sweep_trims_the_grain_state_of_exactly_the_users_whose_rows_age_out_before_deleting_them()
    {
        var tenant = await CreateTenantAsync("grainstate", retentionDays: 30);
        var old = new UserKey(tenant, UserId.Parse("carol"));
        var recent = new UserKey(tenant, UserId.Parse("dave"));
        await AppendTurnAsync(_transcripts, old, Now.AddDays(-31));
        await AppendTurnAsync(_transcripts, recent, Now.AddDays(-1));
        var service = NewSweep();

        Assert.Equal(2, await service.SweepAsync(Cancel));
        Assert.Equal([(old, Now.AddDays(-30))], _retained.Calls);
    }

    [Fact]
    public async Task Rows_stay_while_a_users_grain_state_could_not_be_trimmed()
    {
        var tenant = await CreateTenantAsync("unreachable", retentionDays: 30);
        var user = new UserKey(tenant, UserId.Parse("erin"));
        await AppendTurnAsync(_transcripts, user, Now.AddDays(-31));
        _retained.Fail = true;
        var service = NewSweep();

        Assert.Equal(0, await service.SweepAsync(Cancel));
        Assert.Equal(2, (await _transcripts.ListAllAsync(user, Cancel)).Length);
        _retained.Fail = false;
        Assert.Equal(2, await service.SweepAsync(Cancel));
    }

    private async Task<TenantId> CreateTenantAsync(string name, int retentionDays)
    {
        var id = TenantId.Parse(name);
        var tenant = new Tenant(id, name, new TenantSettings { RetentionDays = retentionDays }, false, Now, Now);
        Assert.True(await _tenants.CreateTenantAsync(tenant, null, AuditActor.System, Cancel));
        return id;
    }

    private TranscriptRetentionSweep NewSweep() => new(_tenants, _transcripts, _retained, _clock, NullLogger<TranscriptRetentionSweep>.Instance);

    private static Task AppendTurnAsync(ITranscriptStore transcripts, UserKey user, DateTimeOffset at)
    {
        var conversation = ConversationId.New();
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
        return transcripts.AppendAsync([Message(MessageRole.User), Message(MessageRole.Assistant)], Cancel);
    }
}

/// <summary>Records which users' grain state the sweep trimmed, and can fail like an unreachable grain.</summary>
internal sealed class RecordingRetainedTurns : IRetainedTurns
{
    public List<(UserKey User, DateTimeOffset Cutoff)> Calls { get; } = [];

    public bool Fail { get; set; }

    public Task ForgetBeforeAsync(UserKey user, DateTimeOffset cutoff)
    {
        if (Fail)
        {
            throw new TimeoutException("grain unreachable");
        }

        Calls.Add((user, cutoff));
        return Task.CompletedTask;
    }
}
