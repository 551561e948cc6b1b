using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace CoachBot.Benchmarks.FakeModel;

/// <summary>
/// The current default profile and fault mix (changed through the control endpoints), the stamps of streamed requests
/// and how many requests met each fault.
/// </summary>
public sealed class ModelState(IOptions<FakeModelOptions> options)
{
    private readonly ConcurrentQueue<ModelStamp> _stamps = new();
    private readonly ConcurrentDictionary<string, long> _faultCounts = new();
    private readonly Lock _drawLock = new();
    private ModelProfile _profile = new(options.Value.TtftMs, options.Value.GapMs, options.Value.Tokens);
    private FaultMix _faults = options.Value.Faults();
    private Random _draws = new(options.Value.FaultSeed);

    public FaultMix Faults
    {
        get
        {
            lock (_drawLock)
            {
                return _faults;
            }
        }

        set
        {
            lock (_drawLock)
            {
                _faults = value;
                _draws = new Random(value.Seed);
                _faultCounts.Clear();
            }
        }
    }

    /// <summary>How many streamed requests met each fault since the mix was last set.</summary>
    public IReadOnlyDictionary<string, long> FaultCounts => new SortedDictionary<string, long>(_faultCounts);

    /// <summary>The next draw from the mix: which fault (or none) the streamed request now arriving meets.</summary>
    public string NextFault()
    {
        string fault;
        lock (_drawLock)
        {
            var mix = _faults;
            var draw = _draws.NextDouble();
            fault = (draw -= mix.RateLimited) < 0 ? ModelFaults.RateLimited
                : (draw -= mix.ServerError) < 0 ? ModelFaults.ServerError
                : (draw -= mix.CutStream) < 0 ? ModelFaults.CutStream
                : (draw -= mix.GarbageStream) < 0 ? ModelFaults.GarbageStream
                : (draw -= mix.SlowFirstToken) < 0 ? ModelFaults.SlowFirstToken
                : ModelFaults.None;
        }

        _faultCounts.AddOrUpdate(fault.Length == 0 ? "none" : fault, 1, (_, n) => n + 1);
        return fault;
    }

    public ModelProfile Profile
    {
        get => Volatile.Read(ref _profile);
        set => Volatile.Write(ref _profile, value);
    }

    /// <summary>
    /// The profile for one request: the default, with any of <c>ttft_ms</c>, <c>gap_ms</c>, <c>tokens</c> from the query
    /// string or the headers <c>X-Fake-Ttft-Ms</c>, <c>X-Fake-Gap-Ms</c>, <c>X-Fake-Tokens</c> taking precedence.
    /// </summary>
    public ModelProfile For(HttpRequest request)
    {
        var profile = Profile;
        return new ModelProfile(
            Read(request, "ttft_ms", "X-Fake-Ttft-Ms", profile.TtftMs, 0, 60_000),
            Read(request, "gap_ms", "X-Fake-Gap-Ms", profile.GapMs, 0, 10_000),
            (int)Read(request, "tokens", "X-Fake-Tokens", profile.Tokens, 1, 100_000));
    }

    public void Record(ModelStamp stamp) => _stamps.Enqueue(stamp);

    /// <summary>Takes every stamp recorded so far, leaving none behind.</summary>
    public List<ModelStamp> Drain()
    {
        var drained = new List<ModelStamp>(_stamps.Count);
        while (_stamps.TryDequeue(out var stamp))
        {
            drained.Add(stamp);
        }

        return drained;
    }

    private static double Read(HttpRequest request, string queryName, string headerName, double fallback, double min, double max)
    {
        var text = request.Query.TryGetValue(queryName, out var fromQuery) ? fromQuery.ToString()
            : request.Headers.TryGetValue(headerName, out var fromHeader) ? fromHeader.ToString()
            : null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : fallback;
    }
}
