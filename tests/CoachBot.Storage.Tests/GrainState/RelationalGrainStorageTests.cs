using CoachBot.Storage.GrainState;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace CoachBot.Storage.Tests.GrainState;

public sealed class RelationalGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("user", "tenant-a/user-1");
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private RelationalGrainStorage NewStorage() =>
        new("coachbot", _db.Open(), TimeProvider.System, NullLogger<RelationalGrainStorage>.Instance);

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Reading_state_that_was_never_written_gives_defaults_and_no_etag(StorageEngine engine)
    {
        _db.Start(engine);
        var state = new GrainState<SampleState>();

        await NewStorage().ReadStateAsync("user", Grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Counter);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Written_state_survives_closing_and_reopening_the_database(StorageEngine engine)
    {
        _db.Start(engine);
        var written = new GrainState<SampleState> { State = new SampleState { Counter = 7, Name = "Ada", Tags = ["a", "b"] } };
        await NewStorage().WriteStateAsync("user", Grain, written);
        SqliteConnection.ClearAllPools();

        var read = new GrainState<SampleState>();
        await NewStorage().ReadStateAsync("user", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal((7, "Ada"), (read.State!.Counter, read.State!.Name));
        Assert.Equal(["a", "b"], read.State!.Tags);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task A_write_with_a_stale_etag_is_rejected_and_the_newer_state_is_kept(StorageEngine engine)
    {
        _db.Start(engine);
        var storage = NewStorage();
        var first = new GrainState<SampleState> { State = new SampleState { Counter = 1 } };
        await storage.WriteStateAsync("user", Grain, first);
        var stale = new GrainState<SampleState> { State = new SampleState { Counter = 2 }, ETag = first.ETag };
        first.State!.Counter = 10;
        await storage.WriteStateAsync("user", Grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("user", Grain, stale));

        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("user", Grain, read);
        Assert.Equal(10, read.State!.Counter);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Creating_state_that_another_writer_already_created_is_rejected(StorageEngine engine)
    {
        _db.Start(engine);
        var storage = NewStorage();
        await storage.WriteStateAsync("user", Grain, new GrainState<SampleState> { State = new SampleState { Counter = 1 } });

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("user", Grain, new GrainState<SampleState> { State = new SampleState { Counter = 2 } }));
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task Clearing_with_a_stale_etag_is_rejected_and_clearing_with_the_current_one_removes_the_row(StorageEngine engine)
    {
        _db.Start(engine);
        var storage = NewStorage();
        var state = new GrainState<SampleState> { State = new SampleState { Counter = 1 } };
        await storage.WriteStateAsync("user", Grain, state);
        var stale = new GrainState<SampleState> { ETag = "not-the-etag" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("user", Grain, stale));
        await storage.ClearStateAsync("user", Grain, state);

        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("user", Grain, read);
        Assert.False(read.RecordExists);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task State_names_and_grains_are_kept_apart(StorageEngine engine)
    {
        _db.Start(engine);
        var storage = NewStorage();
        await storage.WriteStateAsync("user", Grain, new GrainState<SampleState> { State = new SampleState { Counter = 1 } });
        await storage.WriteStateAsync("other", Grain, new GrainState<SampleState> { State = new SampleState { Counter = 2 } });
        await storage.WriteStateAsync("user", GrainId.Create("user", "tenant-b/user-1"), new GrainState<SampleState> { State = new SampleState { Counter = 3 } });

        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("user", Grain, read);
        Assert.Equal(1, read.State!.Counter);
    }

    [Theory, ClassData(typeof(StorageEngines))]
    public async Task State_written_before_a_member_was_added_still_loads_with_the_new_member_defaulted(StorageEngine engine)
    {
        _db.Start(engine);
        var storage = NewStorage();
        await storage.WriteStateAsync("user", Grain, new GrainState<OlderState> { State = new OlderState { Counter = 5 } });

        var read = new GrainState<SampleState>();
        await storage.ReadStateAsync("user", Grain, read);

        Assert.Equal((5, "unnamed"), (read.State!.Counter, read.State!.Name));
        Assert.Empty(read.State!.Tags);

        // And newer state still loads in the older shape, ignoring what it does not know.
        await storage.WriteStateAsync("user", Grain, read);
        var older = new GrainState<OlderState>();
        await storage.ReadStateAsync("user", Grain, older);
        Assert.Equal(5, older.State!.Counter);
    }

    public sealed class OlderState
    {
        public int Counter { get; set; }
    }

    public sealed class SampleState
    {
        public int Counter { get; set; }

        public string Name { get; set; } = "unnamed";

        public List<string> Tags { get; set; } = [];
    }
}
