using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace CoachBot.Benchmarks.Load;

/// <summary>
/// What a server holds at one moment, read so that the garbage collector's timing does not decide it: a full collection
/// is induced first (over EventPipe, the way <c>dotnet-gcdump</c> does), then the managed heap it leaves less the free
/// space inside it, and the anonymous resident memory outside the GC's committed memory (native allocations, stacks) are
/// read. The difference of two readings is what was added in between; a difference of resident memory alone moves with
/// when the GC last ran and how much it kept committed, by more than a thousand idle users hold, and the free space moves
/// with whether that collection compacted (a few KB per user between two readings of the same server).
/// </summary>
public sealed record HeldMemory(double HeapBytes, double FragmentationBytes, double NativeBytes, double ResidentBytes)
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcHeapCollectKeyword = 0x800000;
    private const long GcKeyword = 0x1;

    /// <summary>The live objects (the heap less its free space) plus the native memory.</summary>
    public double HeldBytes => HeapBytes - FragmentationBytes + NativeBytes;

    public static async Task<HeldMemory?> ReadAsync(ServerProbe probe, TextWriter log, CancellationToken cancellationToken)
    {
        if (!await InduceCollectionAsync(probe.Pid, log, cancellationToken))
        {
            return null;
        }

        // The meters publish the figures of the last collection every interval: wait for the ones after the induced one.
        await using var sampler = new RuntimeSampler(probe.Pid, TimeSpan.FromSeconds(1), log);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && (sampler.LiveHeapBytes is null || sampler.HeapFragmentationBytes is null || sampler.Latest(RuntimeSampler.GcCommitted) is null))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        if (sampler.LiveHeapBytes is not { } heap || sampler.HeapFragmentationBytes is not { } free || sampler.Latest(RuntimeSampler.GcCommitted) is not { } committed)
        {
            return null;
        }

        return new HeldMemory(heap, free, Math.Max(0, probe.AnonymousBytes() - committed), probe.RssBytes());
    }

    /// <summary>Asks the runtime for a blocking full collection and waits until it ended.</summary>
    private static async Task<bool> InduceCollectionAsync(int pid, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            using var session = new DiagnosticsClient(pid).StartEventPipeSession(
                [new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcHeapCollectKeyword | GcKeyword)], requestRundown: false);
            var source = new Microsoft.Diagnostics.Tracing.EventPipeEventSource(session.EventStream);
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            source.Clr.GCStop += e =>
            {
                if (e.Depth == 2)
                {
                    ended.TrySetResult();
                }
            };
            var reading = Task.Run(() =>
            {
                try
                {
                    source.Process();
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
                {
                    // The session ended while a buffer was being read.
                }
            }, cancellationToken);
            await ended.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            await session.StopAsync(cancellationToken);
            await reading;
            return true;
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            await log.WriteLineAsync($"  could not induce a collection ({ex.GetType().Name}: {ex.Message}); resident memory only");
            return false;
        }
    }
}
