namespace CoachBot.Benchmarks.Load;

/// <summary>One load phase: what was sent, what came back, and what it cost the server.</summary>
/// <param name="AddedTtft">Time to first text at the client minus the fake model's own time to first token, per turn.</param>
/// <param name="AddedTurnTime">Turn time at the client minus the fake model's own streaming time, per turn.</param>
public sealed record LoadResult(
    string Name, int Conversations, double TokensPerSecond, int TokensPerTurn, double Seconds,
    long Turns, long Failed, long Unmatched, double TurnsPerSecond,
    Percentiles AddedTtft, Percentiles InterChunk, Percentiles TurnTime, Percentiles AddedTurnTime,
    long Chunks, long ModelTokens, double CpuSeconds, double CpuPerChunkUs, double CpuPerTokenUs, double CpuPerTurnUs, double RssMb);

/// <summary>Connected users that send nothing, and what the server holds for them.</summary>
/// <param name="BytesPerUser">
/// Memory held per user: the live managed objects plus the anonymous memory outside the GC's committed memory, each read
/// after an induced full collection, after the users connected minus before (<see cref="HeldMemory"/>); the resident
/// figure when no collection could be induced.
/// </param>
/// <param name="ResidentBytesPerUser">Resident memory after minus before, per user, read without a collection: it moves with when the GC last ran.</param>
/// <param name="FreeHeapBytesPerUser">
/// The free space inside the managed heap after minus before, per user (not part of <paramref name="BytesPerUser"/>):
/// what the induced collections left between live objects, which depends on whether they compacted.
/// </param>
public sealed record IdleResult(int Users, double RssBeforeMb, double RssAfterMb, double BytesPerUser, double ResidentBytesPerUser, double FreeHeapBytesPerUser = 0);

/// <summary>A new user's first turn against the same user's second turn (each user measured alone).</summary>
/// <param name="Extra">Per user: the first turn's added time to first text minus the second turn's.</param>
public sealed record FirstTurnResult(int Users, Percentiles FirstAddedTtft, Percentiles WarmAddedTtft, Percentiles Extra);

/// <summary>The server's resident memory at a moment of the soak.</summary>
public sealed record MemorySample(double Seconds, double RssMb);

/// <summary>A long open-loop run and the server's memory over it.</summary>
/// <param name="StartMb">Median resident memory over the first quarter (after a tenth of the run as warm-up).</param>
/// <param name="EndMb">Median resident memory over the last quarter.</param>
public sealed record SoakResult(double TargetTurnsPerSecond, long LateStarts, LoadResult Load, IReadOnlyList<MemorySample> Memory, double StartMb, double EndMb, double GrowthPercent, bool Flat);

/// <summary>Everything measured against one server.</summary>
public sealed record ServerRun(
    string Target, string Mode, double? ReadyColdMs, double? ReadyWarmMs, MemoryFootprint? Memory,
    LoadResult Sequential, IReadOnlyList<LoadResult> Concurrency, LoadResult Throughput, IdleResult Idle, FirstTurnResult FirstTurn, SoakResult Soak);
