using System.Text.Json;

namespace CoachBot.Server.Tests.Faults;

/// <summary>
/// What the fault and fuzz tests tried and what held, one JSON line per case, in the file named by
/// COACHBOT_FAULT_REPORT (the test command sets it and prints the totals per area after the run).
/// </summary>
public static class FaultReport
{
    private static readonly Lock Gate = new();

    public static void Record(string area, string fault, int tried, int held, string? detail = null)
    {
        var path = Environment.GetEnvironmentVariable("COACHBOT_FAULT_REPORT");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var line = JsonSerializer.Serialize(new { area, fault, tried, held, detail });
        lock (Gate)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}
