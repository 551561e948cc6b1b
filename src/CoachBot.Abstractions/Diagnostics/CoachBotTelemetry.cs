using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CoachBot.Diagnostics;

/// <summary>
/// CoachBot's own traces and metrics, on the runtime's <see cref="ActivitySource"/> and <see cref="Meter"/>: they cost
/// nothing until a listener (OpenTelemetry, dotnet-counters) subscribes. A turn is one <c>coachbot.turn</c> span with
/// the retrieval, the model call and the store writes under it; names follow OpenTelemetry's dotted style.
/// </summary>
public static class CoachBotTelemetry
{
    /// <summary>The name of both the activity source and the meter.</summary>
    public const string Name = "CoachBot";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>From the user's message being accepted to the first character of the reply, in milliseconds.</summary>
    public static readonly Histogram<double> TimeToFirstToken = Meter.CreateHistogram<double>(
        "coachbot.turn.time_to_first_token", "ms", "Time from an accepted message to the first streamed text of its reply.");

    /// <summary>From the user's message being accepted to the reply being stored, in milliseconds.</summary>
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>(
        "coachbot.turn.duration", "ms", "Time from an accepted message to its stored outcome.");

    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>(
        "coachbot.turn.tokens", "{token}", "Model tokens used, by kind (input or output).");

    public static readonly UpDownCounter<long> ActiveTurns = Meter.CreateUpDownCounter<long>(
        "coachbot.turns.active", "{turn}", "Turns whose reply is being written on this host.");

    /// <summary>
    /// How late a one-second timer fires against its schedule, in milliseconds: a starved thread pool or long GC pauses
    /// show here before they show in latencies.
    /// </summary>
    public static readonly Histogram<double> TimerLateness = Meter.CreateHistogram<double>(
        "coachbot.runtime.timer_lateness", "ms", "How late a periodic one-second timer on this host fired against its schedule.");

    private static long s_embeddingModelBytes;

    /// <summary>
    /// The resident memory the embedding model took when it loaded (ONNX Runtime's weights, prepacked kernels and
    /// buffers), in bytes; 0 until it loads. Measured as the process's anonymous resident memory before and after the
    /// model's session was built, so it is the model's footprint, not a count of its allocations.
    /// </summary>
    public static readonly ObservableGauge<long> EmbeddingModelMemory = Meter.CreateObservableGauge(
        "coachbot.memory.embedding_model", () => Volatile.Read(ref s_embeddingModelBytes), "By",
        "Resident memory the embedding model took when it loaded.");

    /// <summary>Adds to (or, when a model is released, takes from) <see cref="EmbeddingModelMemory"/>.</summary>
    public static void AddEmbeddingModelMemory(long bytes) => Interlocked.Add(ref s_embeddingModelBytes, bytes);

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "coachbot.errors", "{error}", "Errors returned to clients or recorded on turns, by stable error code.");

    /// <summary>Counts one error under its stable code and where it surfaced (rest, hub, turn, channel).</summary>
    public static void RecordError(string code, string surface) =>
        Errors.Add(1, new KeyValuePair<string, object?>("error.code", code), new KeyValuePair<string, object?>("coachbot.surface", surface));

    /// <summary>Tag names shared by spans and metrics.</summary>
    public static class Tags
    {
        public const string TenantId = "coachbot.tenant_id";
        public const string TurnId = "coachbot.turn_id";
        public const string Channel = "coachbot.channel";
        public const string Status = "coachbot.turn.status";
        public const string Intent = "coachbot.intent";
        public const string Model = "gen_ai.request.model";
        public const string Operation = "db.operation.name";
    }
}
