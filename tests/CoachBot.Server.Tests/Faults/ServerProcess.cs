using System.Diagnostics;
using System.Globalization;
using System.Net;

using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Faults;

/// <summary>
/// CoachBot as its own operating-system process on 127.0.0.1 (the server build next to the tests), so a test can kill it
/// with SIGKILL as a crash would, or stop it with SIGTERM as an orchestrator does, and start it again on the same data
/// folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly List<OutputWatch> _watches = [];

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the process wrote (standard output and error), for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Starts the server on <paramref name="dataDirectory"/> and returns once it reports ready.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var ports = LoopbackPorts.Reserve(3);
        var port = ports[0];
        var values = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Orleans:SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["Retrieval:CacheDirectory"] = Path.Combine(Path.GetTempPath(), "coachbot-test-embeddings"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in TestStorage.SettingsFor(dataDirectory))
        {
            values[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CoachBot.Server.dll"));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(AppContext.BaseDirectory);
        foreach (var (key, value) in values)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The host's shutdown timeout (.NET's default, which CoachBot keeps): a graceful stop must end within it.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Completes once the process has written <paramref name="count"/> lines containing <paramref name="text"/>; returns them.</summary>
    public Task<IReadOnlyList<string>> LinesContainingAsync(string text, int count)
    {
        var watch = new OutputWatch(text, count);
        lock (_output)
        {
            _watches.Add(watch);
        }

        return watch.Done.Task;
    }

    /// <summary>
    /// SIGTERM: the host runs its shutdown (stops taking requests, deactivates grains, stops the silo) within its shutdown
    /// timeout. Returns how long the process took to exit.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync()
    {
        var stopping = Stopwatch.StartNew();
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        // Bounded well past the shutdown timeout: reaching the bound means the stop hung, and the process is killed.
        try
        {
            await _process.WaitForExitAsync().WaitAsync(ShutdownTimeout * 3);
        }
        catch (TimeoutException)
        {
            await KillAsync();
        }

        return stopping.Elapsed;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut or an out-of-memory kill.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    // The host answers /health/ready with 200 once the silo, the store and the role-content index are up. The process
    // offers no event to await, so readiness is asked for at a short interval, within a bound.
    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartBound)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server process exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy starting.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"The server was not ready within {StartBound}.");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 200)
            {
                _output.Dequeue();
            }

            foreach (var watch in _watches.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                watch.Lines.Add(line);
                if (watch.Lines.Count == watch.Count)
                {
                    _watches.Remove(watch);
                    watch.Done.TrySetResult(watch.Lines);
                }
            }
        }
    }

    private sealed record OutputWatch(string Text, int Count)
    {
        public List<string> Lines { get; } = [];

        public TaskCompletionSource<IReadOnlyList<string>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
