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
public sealed record ModelStamp(string Marker, long Received, long FirstToken, long LastToken, int Tokens);

/// <summary>Paths of the fake model's control endpoints.</summary>
public static class FakeModelPaths
{
    public const string Completions = "/v1/chat/completions";
    public const string Profile = "/control/profile";
    public const string Stamps = "/control/stamps";
    public const string Health = "/health";
}
