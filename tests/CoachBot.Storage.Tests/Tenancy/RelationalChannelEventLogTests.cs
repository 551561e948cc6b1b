using CoachBot.Storage.Tenancy;

namespace CoachBot.Storage.Tests.Tenancy;

public sealed class RelationalChannelEventLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_delivery_is_taken_once_across_hosts_and_per_channel(StorageEngine engine)
    {
        _db.Start(engine);
        var hostA = new RelationalChannelEventLog(_db.Open());
        var hostB = new RelationalChannelEventLog(_db.Open());

        Assert.True(await hostA.TryTakeAsync("slack", "Ev01", T0, Keep, Cancel));
        Assert.False(await hostB.TryTakeAsync("slack", "Ev01", T0.AddSeconds(3), Keep, Cancel));
        Assert.False(await hostA.TryTakeAsync("slack", "Ev01", T0.AddMinutes(5), Keep, Cancel));
        Assert.True(await hostB.TryTakeAsync("teams", "Ev01", T0, Keep, Cancel));
        Assert.True(await hostB.TryTakeAsync("slack", "Ev02", T0, Keep, Cancel));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Concurrent_deliveries_of_one_event_are_taken_by_exactly_one(StorageEngine engine)
    {
        _db.Start(engine);
        var logs = Enumerable.Range(0, 8).Select(_ => new RelationalChannelEventLog(_db.Open())).ToArray();

        var taken = await Task.WhenAll(logs.Select(log => log.TryTakeAsync("slack", "EvRace", T0, Keep, Cancel)));

        Assert.Equal(1, taken.Count(t => t));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Entries_older_than_the_keep_window_are_forgotten(StorageEngine engine)
    {
        _db.Start(engine);
        var log = new RelationalChannelEventLog(_db.Open());
        Assert.True(await log.TryTakeAsync("slack", "EvOld", T0, Keep, Cancel));

        Assert.True(await log.TryTakeAsync("slack", "EvOld", T0 + Keep + TimeSpan.FromSeconds(1), Keep, Cancel));
    }
}
