namespace CoachBot.Grains.Quotas;

/// <summary>Daily quotas count per UTC day.</summary>
public static class DailyWindow
{
    /// <summary>The current UTC day.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>Whole seconds (at least 1) until the next UTC midnight.</summary>
    public static int SecondsUntilMidnight(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        return Math.Max(1, (int)Math.Ceiling((midnight - now).TotalSeconds));
    }
}
