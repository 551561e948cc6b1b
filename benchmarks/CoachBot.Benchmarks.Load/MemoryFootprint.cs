using System.Globalization;

namespace CoachBot.Benchmarks.Load;

/// <summary>
/// An idle server's resident memory by part, in MB. From <c>/proc/&lt;pid&gt;</c>: anonymous memory, JIT-compiled code
/// (the runtime maps it through a shared memory file) and mapped files by where they come from; from the server's meters:
/// the managed heap (the GC's committed memory) and the embedding model (<c>coachbot.memory.embedding_model</c>, the
/// resident memory ONNX Runtime took when the model loaded). Native memory is the anonymous memory left: the runtime's
/// own structures (type data, stubs), thread stacks and what native libraries allocate (SQLite's page caches among them).
/// </summary>
public sealed record MemoryFootprint(
    double ResidentMb, double AnonymousMb, double? ManagedHeapMb, double? EmbeddingModelMb, double? OtherNativeMb,
    double JitCodeMb, double RuntimeFilesMb, double ApplicationFilesMb, double SystemFilesMb)
{
    private const string ModelGauge = "coachbot.memory.embedding_model";
    private const string GcCommitted = RuntimeSampler.GcCommitted;
    private static readonly System.Buffers.SearchValues<char> AddressRange = System.Buffers.SearchValues.Create("0123456789abcdef-");

    /// <summary>
    /// Waits for the server's meters (and for its embedding model, when it reports one, up to <paramref name="modelWait"/>:
    /// it loads in the background once the server is ready), then reads every part at one moment.
    /// </summary>
    public static async Task<MemoryFootprint> MeasureAsync(ServerProbe probe, TimeSpan modelWait, TextWriter log, CancellationToken cancellationToken)
    {
        await using var sampler = new RuntimeSampler(probe.Pid, TimeSpan.FromSeconds(1), log);
        var deadline = DateTime.UtcNow + modelWait;
        while (DateTime.UtcNow < deadline)
        {
            var gcReported = sampler.Latest(GcCommitted) is not null;
            var model = sampler.Latest(ModelGauge);
            // A server without the gauge (the reference) has nothing to wait for once its runtime reports.
            if (gcReported && (model > 0 || (model is null && sampler.Received > 20)))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        var files = ReadFileMappings(probe.Pid);
        double anonymous = probe.AnonymousBytes();
        var managed = sampler.Latest(GcCommitted);
        var embedding = sampler.Latest(ModelGauge);
        double? other = managed is null ? null : Math.Max(0, anonymous - managed.Value - (embedding ?? 0));
        return new MemoryFootprint(
            Mb(probe.RssBytes()), Mb(anonymous), Mb(managed), Mb(embedding), Mb(other), Mb(probe.SharedBytes()),
            Mb(files.Runtime), Mb(files.Application), Mb(files.System));
    }

    /// <summary>
    /// Resident bytes of mapped files: the .NET runtime and shared framework (the folder of the host the server runs
    /// under), the application's own folder (its assemblies and packages, the embedding model's file among them when it
    /// is mapped) and the rest (system libraries such as libc and OpenSSL).
    /// </summary>
    private static (double Runtime, double Application, double System) ReadFileMappings(int pid)
    {
        var runtimeRoot = Path.GetDirectoryName(ResolveLink($"/proc/{pid}/exe")) ?? "/nonexistent";
        var applicationRoot = ResolveLink($"/proc/{pid}/cwd") ?? "/nonexistent";
        double runtime = 0, application = 0, system = 0;
        string? path = null;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            if (IsMappingHeader(line))
            {
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                path = fields.Length == 6 && fields[5].StartsWith('/') && !fields[5].StartsWith("/memfd:", StringComparison.Ordinal) ? fields[5] : null;
            }
            else if (path is not null && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                var bytes = double.Parse(line["Rss:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                if (path.StartsWith(runtimeRoot + "/", StringComparison.Ordinal))
                {
                    runtime += bytes;
                }
                else if (path.StartsWith(applicationRoot + "/", StringComparison.Ordinal))
                {
                    application += bytes;
                }
                else
                {
                    system += bytes;
                }
            }
        }

        return (runtime, application, system);
    }

    /// <summary>"7f03bd02f000-7f03c7035000 rw-p 00000000 00:00 0   [path]": an address range, then permissions.</summary>
    private static bool IsMappingHeader(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var dash = line.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && space > dash && !line.AsSpan(0, space).ContainsAnyExcept(AddressRange);
    }

    private static string? ResolveLink(string link)
    {
        try
        {
            return new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double Mb(double bytes) => Math.Round(bytes / 1048576.0, 1);

    private static double? Mb(double? bytes) => bytes is { } b ? Mb(b) : null;
}
