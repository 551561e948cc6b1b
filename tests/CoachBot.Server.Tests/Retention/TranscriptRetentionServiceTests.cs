using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Retention;
using CoachBot.Server.Tests.Support;
using CoachBot.Storage.Relational;
using CoachBot.Storage.Secrets;
using CoachBot.Storage.Tenancy;
using CoachBot.Storage.Transcripts;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Server.Tests.Retention;

public sealed class TranscriptRetentionServiceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly RelationalTenantStore _tenants;
    private readonly RelationalTranscriptStore _transcripts;
    private readonly RecordingRetainedTurns _retained = new();

    public TranscriptRetentionServiceTests()
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
    }

    [Fact]
    public async Task Each_hour_rows_older_than_each_tenants_retention_are_deleted()
    {
        var shortKeep = await CreateTenantAsync("short", retentionDays: 30);
        var longKeep = await CreateTenantAsync("long", retentionDays: 365);
        var shortUser = new UserKey(shortKeep, UserId.Parse("alice"));
        var longUser = new UserKey(longKeep, UserId.Parse("alice"));
        await AppendTurnAsync(shortUser, Now.AddDays(-40));
        await AppendTurnAsync(shortUser, Now.AddDays(-10));
        await AppendTurnAsync(longUser, Now.AddDays(-40));

        using var service = new TranscriptRetentionService(_tenants, _transcripts, _retained, Options.Create(new RetentionOptions()), _clock, NullLogger<TranscriptRetentionService>.Instance);
        var swept = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Swept += count => swept.TrySetResult(count);
        await service.StartAsync(Cancel);

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(swept.Task.IsCompleted);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await swept.Task.WaitAsync(TimeSpan.FromSeconds(20), Cancel));
        await service.StopAsync(Cancel);

        Assert.All(await _transcripts.ListAllAsync(shortUser, Cancel), m => Assert.Equal(Now.AddDays(-10), m.CreatedAt));
        Assert.Equal(2, (await _transcripts.ListAllAsync(shortUser, Cancel)).Length);
        Assert.Equal(2, (await _transcripts.ListAllAsync(longUser, Cancel)).Length);
    }

    [Fact]
    public async Task A_sweep_uses_the_clock_so_rows_age_out_as_time_passes()
    {
        var tenant = await CreateTenantAsync("aging", retentionDays: 1);
        var user = new UserKey(tenant, UserId.Parse("bob"));
        await AppendTurnAsync(user, Now);
        using var service = new TranscriptRetentionService(_tenants, _transcripts, _retained, Options.Create(new RetentionOptions()), _clock, NullLogger<TranscriptRetentionService>.Instance);

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
        await AppendTurnAsync(old, Now.AddDays(-31));
        await AppendTurnAsync(recent, Now.AddDays(-1));
        using var service = new TranscriptRetentionService(_tenants, _transcripts, _retained, Options.Create(new RetentionOptions()), _clock, NullLogger<TranscriptRetentionService>.Instance);

        Assert.Equal(2, await service.SweepAsync(Cancel));
        Assert.Equal([(old, Now.AddDays(-30))], _retained.Calls);
    }

    [Fact]
    public async Task Rows_stay_while_a_users_grain_state_could_not_be_trimmed()
    {
        var tenant = await CreateTenantAsync("unreachable", retentionDays: 30);
        var user = new UserKey(tenant, UserId.Parse("erin"));
        await AppendTurnAsync(user, Now.AddDays(-31));
        _retained.Fail = true;
        using var service = new TranscriptRetentionService(_tenants, _transcripts, _retained, Options.Create(new RetentionOptions()), _clock, NullLogger<TranscriptRetentionService>.Instance);

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

    private Task AppendTurnAsync(UserKey user, DateTimeOffset at)
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
        return _transcripts.AppendAsync([Message(MessageRole.User), Message(MessageRole.Assistant)], Cancel);
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
