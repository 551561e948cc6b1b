using System.Collections.Concurrent;
using Orleans.Storage;

namespace CoachBot.Grains.Tests.Support;

/// <summary>
/// The real grain storage with a second writer a test can let in: for a grain armed with N writes, each of its next N
/// writes finds the stored state rewritten just before it (the same state under a new ETag, as a second activation of
/// the grain in a cluster would leave it, or changed by that writer when the test gives its change), so the real storage
/// refuses the write with <see cref="InconsistentStateException"/>. Unarmed grains are not touched.
/// </summary>
public sealed class ConflictingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<GrainId, int> _armed = new();
    private readonly ConcurrentDictionary<GrainId, int> _injected = new();
    private readonly ConcurrentDictionary<GrainId, Action<object>> _otherWriters = new();

    /// <summary>The next <paramref name="writes"/> writes of <paramref name="grain"/> meet another writer first.</summary>
    public void Arm(GrainId grain, int writes)
    {
        _otherWriters.TryRemove(grain, out _);
        _armed[grain] = writes;
    }

    /// <summary>
    /// The next <paramref name="writes"/> writes of <paramref name="grain"/> meet another writer first, which applies
    /// <paramref name="change"/> to the stored state each time.
    /// </summary>
    public void Arm<TState>(GrainId grain, int writes, Action<TState> change)
    {
        _otherWriters[grain] = stored => change((TState)stored);
        _armed[grain] = writes;
    }

    /// <summary>Lets the grain write alone again; returns how many of the armed writes were not reached.</summary>
    public int Disarm(GrainId grain)
    {
        _otherWriters.TryRemove(grain, out _);
        return _armed.TryRemove(grain, out var left) ? left : 0;
    }

    /// <summary>How many writes of <paramref name="grain"/> met another writer.</summary>
    public int Injected(GrainId grain) => _injected.GetValueOrDefault(grain);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (TakeOne(grainId))
        {
            var other = new GrainState<T>();
            await inner.ReadStateAsync(stateName, grainId, other);
            if (_otherWriters.TryGetValue(grainId, out var change))
            {
                change(other.State!);
            }

            await inner.WriteStateAsync(stateName, grainId, other);
            _injected.AddOrUpdate(grainId, 1, (_, count) => count + 1);
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private bool TakeOne(GrainId grainId)
    {
        while (_armed.TryGetValue(grainId, out var left) && left > 0)
        {
            if (_armed.TryUpdate(grainId, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}
