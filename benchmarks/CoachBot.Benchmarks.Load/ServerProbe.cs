using System.Diagnostics;
using System.Globalization;

namespace CoachBot.Benchmarks.Load;

/// <summary>The server's CPU time and resident memory, read from <c>/proc/&lt;pid&gt;</c>.</summary>
public sealed class ServerProbe(int pid)
{
    private static readonly double TicksPerSecond = ReadClockTicks();

    public int Pid => pid;

    /// <summary>User plus system CPU time the process has used so far, in seconds.</summary>
    public double CpuSeconds()
    {
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Resident set size in bytes.</summary>
    public long RssBytes() => Status("VmRSS");

    /// <summary>Anonymous resident memory (heaps, stacks; no mapped files, no JIT-compiled code) in bytes.</summary>
    public long AnonymousBytes() => Status("RssAnon");

    /// <summary>Resident shared memory in bytes: for a .NET process, its JIT-compiled code (mapped twice through a memory file).</summary>
    public long SharedBytes() => Status("RssShmem");

    private long Status(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No {field} for process {pid}.");
    }

    private static double ReadClockTicks()
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        var text = getconf.StandardOutput.ReadToEnd().Trim();
        getconf.WaitForExit();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 ? ticks : 100;
    }
}
