namespace CoachBot.Benchmarks.Load;

/// <summary>The sizes of every scenario, for the quick run (about a minute and a half per server) and the full one.</summary>
public sealed record ScenarioPlan(
    int SequentialTurns,
    IReadOnlyList<int> ConcurrencyLevels,
    IReadOnlyList<double> TokenRates,
    TimeSpan LevelDuration,
    int ThroughputConversations,
    TimeSpan ThroughputDuration,
    int IdleUsers,
    int FirstTurnUsers,
    int SoakConversations,
    double SoakTurnsPerSecond,
    TimeSpan SoakDuration)
{
    /// <summary>The fake model's time to first token in the paced scenarios.</summary>
    public const double ModelTtftMs = 50;

    public static ScenarioPlan For(bool quick, TimeSpan? soak) => quick
        ? new(20, [50, 500], [20, 200], TimeSpan.FromSeconds(6), 64, TimeSpan.FromSeconds(8), 2000, 40, 50, 10, soak ?? TimeSpan.FromSeconds(20))
        : new(200, [50, 200, 500, 1000], [20, 200], TimeSpan.FromSeconds(30), 64, TimeSpan.FromSeconds(30), 2000, 200, 100, 20, soak ?? TimeSpan.FromMinutes(30));

    /// <summary>Tokens per reply at a pace: about two seconds of streaming at 20 tokens/s, half a second at 200.</summary>
    public static int TokensAt(double tokensPerSecond) => tokensPerSecond <= 20 ? 40 : 100;
}
