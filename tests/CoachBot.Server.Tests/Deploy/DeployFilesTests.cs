using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using CoachBot.Server.Hosting;

namespace CoachBot.Server.Tests.Deploy;

/// <summary>
/// The deploy folder is checked here, where no container engine or Kubernetes cluster runs: every Kubernetes object
/// against the Kubernetes API's schemas and the compose file against the Compose specification (deploy/check, on
/// Node.js), their references to each other, that every setting they pass is one CoachBot reads, and that the image
/// runs the server as a non-root user with a health check the server answers.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Root = FindRoot();
    private static readonly string DeployFolder = Path.Combine(Root, "deploy");
    private static readonly SemaphoreSlim NpmGate = new(1, 1);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kubernetes_and_compose_files_pass_their_schemas_and_refer_to_each_other_correctly()
    {
        var (exit, output) = await CheckAsync(DeployFolder);
        Assert.True(exit == 0, output);
        Assert.Contains("ok   kubernetes/deployment.yaml Deployment/coachbot", output, StringComparison.Ordinal);
        Assert.Contains("ok   kubernetes/poddisruptionbudget.yaml PodDisruptionBudget/coachbot", output, StringComparison.Ordinal);
        Assert.Contains("ok   kubernetes/horizontalpodautoscaler.yaml HorizontalPodAutoscaler/coachbot", output, StringComparison.Ordinal);
        Assert.Contains("ok   compose/compose.yaml", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_refuses_broken_manifests()
    {
        using var copy = new Support.TempFolder();
        CopyFolder(DeployFolder, copy.Path, skip: "node_modules");
        var deployment = Path.Combine(copy.Path, "kubernetes", "deployment.yaml");
        var text = await File.ReadAllTextAsync(deployment, Cancel);
        text = text.Replace("containerPort: 8080", "containerPort: \"8080\"", StringComparison.Ordinal)
            .Replace("path: /health/ready", "path: /ready", StringComparison.Ordinal)
            .Replace("        orleans/clusterId: coachbot\n", "", StringComparison.Ordinal);
        await File.WriteAllTextAsync(deployment, text, Cancel);
        var compose = Path.Combine(copy.Path, "compose", "compose.yaml");
        await File.WriteAllTextAsync(compose, (await File.ReadAllTextAsync(compose, Cancel)).Replace("    image: redis:7\n", "    image: redis:7\n    stop_grace_period: [30]\n", StringComparison.Ordinal), Cancel);

        var (exit, output) = await CheckAsync(copy.Path, checkFolder: Path.Combine(DeployFolder, "check"));

        Assert.Equal(1, exit);
        Assert.Contains("containerPort must be integer", output, StringComparison.Ordinal);
        Assert.Contains("readinessProbe must ask /health/ready", output, StringComparison.Ordinal);
        Assert.Contains("pod label orleans/clusterId is required", output, StringComparison.Ordinal);
        Assert.Contains("compose/compose.yaml: /services/redis", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_the_deploy_files_pass_is_one_coachbot_reads()
    {
        var files = Directory.EnumerateFiles(DeployFolder, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal));
        var keys = files.SelectMany(f => SettingKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(Root, f), Key: m.Groups["key"].Value))).ToList();
        Assert.Contains(keys, k => k.Key == "Storage__Provider");
        Assert.Contains(keys, k => k.Key == "Orleans__Membership");

        var sections = typeof(OrleansHostOptions).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("CoachBot.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Append(typeof(OrleansHostOptions).Assembly)
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Field is { IsLiteral: true })
            .Select(t => (Section: (string)t.Field!.GetRawConstantValue()!, t.Type))
            .ToList();

        var unknown = keys.Where(k => !IsRead(k.Key.Split("__"), sections)).Select(k => $"{k.File}: {k.Key}").Distinct().ToList();
        Assert.True(unknown.Count == 0, "Settings no options class reads:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void The_image_runs_the_server_as_a_non_root_user_with_a_health_check_it_answers()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(DeployFolder, "docker", "Dockerfile"));
        var runtime = dockerfile.SkipWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal) || !l.Contains(" AS runtime", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runtime);
        Assert.Contains(runtime, l => l.Trim() == "USER $APP_UID");
        Assert.Contains(runtime, l => l.Contains("ENTRYPOINT [\"dotnet\", \"CoachBot.Server.dll\"]", StringComparison.Ordinal));
        Assert.Equal("CoachBot.Server", typeof(OrleansHostOptions).Assembly.GetName().Name);
        Assert.Contains(runtime, l => l.Contains("ASPNETCORE_HTTP_PORTS=8080", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.StartsWith("EXPOSE 8080 11111 30000", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.Contains("/dev/tcp/127.0.0.1/8080", StringComparison.Ordinal) && l.Contains("GET /health/live", StringComparison.Ordinal));

        // Everything the build copies exists, and what it leaves out is ignored by the build context.
        foreach (var line in dockerfile.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            foreach (var source in line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            {
                Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"The Dockerfile copies {source}, which does not exist.");
            }
        }

        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"));
        Assert.Contains("**/node_modules/", ignored);
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }

    private static bool IsRead(string[] parts, List<(string Section, Type Type)> sections)
    {
        // Framework settings (ASP.NET Core, logging, Orleans' Kubernetes variables) are not CoachBot's own.
        if (parts[0] is "Logging" or "ASPNETCORE_ENVIRONMENT" || parts.Length < 2)
        {
            return true;
        }

        for (var length = parts.Length - 1; length >= 1; length--)
        {
            var section = string.Join(':', parts[..length]);
            var property = parts[length];
            if (sections.Where(s => string.Equals(s.Section, section, StringComparison.OrdinalIgnoreCase))
                .Any(s => s.Type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<(int Exit, string Output)> CheckAsync(string deployFolder, string? checkFolder = null)
    {
        checkFolder ??= Path.Combine(deployFolder, "check");
        await NpmGate.WaitAsync(Cancel);
        try
        {
            if (!File.Exists(Path.Combine(checkFolder, "node_modules", ".package-lock.json")))
            {
                var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], checkFolder);
                Assert.True(exit == 0, "npm ci in deploy/check failed:\n" + output);
            }
        }
        finally
        {
            NpmGate.Release();
        }

        return await RunAsync("node", [Path.Combine(checkFolder, "validate.mjs"), deployFolder], checkFolder);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Cancel);
        var stderr = process.StandardError.ReadToEndAsync(Cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static void CopyFolder(string from, string to, string skip)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Contains(skip))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CoachBot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with CoachBot.sln) is not above " + AppContext.BaseDirectory);
    }

    // A CoachBot setting passed as an environment variable: Section__Property, in YAML as a key or a list entry's name.
    [GeneratedRegex(@"(?:^|\s|-\s+name:\s*)(?<key>[A-Z][A-Za-z]+(?:__[A-Za-z0-9]+)+)\s*:?", RegexOptions.Multiline)]
    private static partial Regex SettingKey();
}
