using System.Text.Json.Serialization;

namespace CoachBot.Benchmarks;

/// <summary>
/// How the fake model answers: the wait before its first token, the gap between tokens and how many tokens it writes.
/// Times are in milliseconds so they read the same in a query string, a header, configuration and JSON.
/// </summary>
public sealed record ModelProfile(double TtftMs, double GapMs, int Tokens)
{
    /// <summary>A profile paced at <paramref name="tokensPerSecond"/>.</summary>
    public static ModelProfile Paced(double ttftMs, double tokensPerSecond, int tokens) => new(ttftMs, 1000.0 / tokensPerSecond, tokens);

    /// <summary>A model that answers at once, for measuring the server alone.</summary>
    public static ModelProfile Instant(int tokens) => new(0, 0, tokens);
}

/// <summary>
/// When the fake model handled one streamed request, as <see cref="System.Diagnostics.Stopwatch"/> timestamps. On Linux these
/// read the monotonic clock, which every process on the machine shares, so the load generator can subtract them from its own.
/// </summary>
/// <param name="Marker">The request's marker, taken from the last user message ("bq" and 16 hex digits).</param>
/// <param name="Received">When the request arrived.</param>
/// <param name="FirstToken">When the first token was written and flushed.</param>
/// <param name="LastToken">When the last token was written and flushed.</param>
/// <param name="Tokens">How many tokens were written.</param>
/// <param name="Fault">The fault the request met (<see cref="ModelFaults"/>); empty for a whole reply on time.</param>
public sealed record ModelStamp(string Marker, long Received, long FirstToken, long LastToken, int Tokens, string Fault = "");

/// <summary>Paths of the fake model's control endpoints.</summary>
public static class FakeModelPaths
{
    public const string Completions = "/v1/chat/completions";
    public const string Profile = "/control/profile";
    public const string Stamps = "/control/stamps";
    public const string Faults = "/control/faults";
    public const string Health = "/health";
}

/// <summary>
/// The share of streamed requests that meet each fault, drawn per request from a generator seeded with <see cref="Seed"/>
/// (so a run's sequence of draws repeats; which request gets which draw follows arrival order). Shares add up to at most 1.
/// </summary>
/// <param name="RateLimited">Answered 429 with <c>Retry-After: 0</c>.</param>
/// <param name="ServerError">Answered 500.</param>
/// <param name="CutStream">A few tokens, then the connection is aborted (no stop chunk, no <c>[DONE]</c>).</param>
/// <param name="GarbageStream">200 with <c>text/event-stream</c>, then lines that are not JSON.</param>
/// <param name="SlowFirstToken">The whole reply, after <paramref name="SlowFirstTokenMs"/> before its first token.</param>
public sealed record FaultMix(int Seed, double RateLimited, double ServerError, double CutStream, double GarbageStream, double SlowFirstToken, double SlowFirstTokenMs)
{
    public static readonly FaultMix None = new(1, 0, 0, 0, 0, 0, 0);

    [JsonIgnore]
    public double Total => RateLimited + ServerError + CutStream + GarbageStream + SlowFirstToken;

    [JsonIgnore]
    public bool IsValid => RateLimited >= 0 && ServerError >= 0 && CutStream >= 0 && GarbageStream >= 0 && SlowFirstToken >= 0 && Total <= 1
        && SlowFirstTokenMs is >= 0 and <= 60_000;
}

/// <summary>Names of what the fake model did with a streamed request, as stamped.</summary>
public static class ModelFaults
{
    public const string None = "";
    public const string RateLimited = "429";
    public const string ServerError = "500";
    public const string CutStream = "cut";
    public const string GarbageStream = "garbage";
    public const string SlowFirstToken = "slow";

    /// <summary>Whether a turn whose last model request met <paramref name="fault"/> cannot complete.</summary>
    public static bool EndsTheTurn(string fault) => fault is RateLimited or ServerError or CutStream or GarbageStream;
}
