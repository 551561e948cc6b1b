using System.Net;
using System.Text.Json;
using CoachBot.Coaching;
using CoachBot.Coaching.Offline;
using CoachBot.Coaching.Retrieval;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tests.Hosting;

/// <summary>
/// Ordinary events are not errors: a path nobody serves answers 404 (not 401), a user's Stop and an index still being
/// built log nothing at Error level.
/// </summary>
public sealed class QuietLogTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static List<string> Errors(CapturingLoggerProvider logs) =>
        [.. logs.Lines.Where(line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal))];

    [Fact]
    public async Task A_path_nothing_serves_is_not_found_with_or_without_a_token()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        foreach (var path in new[] { "/favicon.ico", "/api/nothing-here", "/widget/missing.js" })
        {
            await ProblemAssert.HasCodeAsync(await host.Http.GetAsync(new Uri(path, UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        }

        var session = await host.CreateSessionAsync();
        using var signedIn = host.AuthorizedClient(session.Token);
        await ProblemAssert.HasCodeAsync(await signedIn.GetAsync(new Uri("/api/me/nothing", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        // Known paths keep asking for a token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync(new Uri("/api/me/profile", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_users_stop_ends_the_reply_as_cancelled_without_an_error_in_the_log()
    {
        using var data = new TempFolder();
        var logs = new CapturingLoggerProvider();
        GatedChatModel? gated = null;
        await using var host = await TestHost.StartAsync(data.Path, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddSingleton<IChatCompletionService>(sp =>
                gated = new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate: 2));
        });
        var session = await host.CreateSessionAsync();
        await using var connection = await host.ConnectAsync(session.Token);

        ReplyChunk? last = null;
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "Stop me", Cancel))
        {
            if (last is null)
            {
                await gated!.Reached.Task.WaitAsync(Bound, Cancel);
                Assert.True(await connection.InvokeAsync<bool>("CancelTurn", chunk.TurnId.ToString(), Cancel));
            }

            last = chunk;
        }

        Assert.Equal(TurnStatus.Cancelled, last!.End!.Status);
        // The stream's own end, after the stop, is also read by the hub: give it the same chance to log as the reply had.
        var history = await connection.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Cancel);
        Assert.Equal(TurnStatus.Cancelled, history.Messages[^1].Status);
        Assert.Empty(Errors(logs));
    }

    [Fact]
    public async Task Readiness_answers_503_while_the_index_builds_without_logging_an_error_and_200_once_it_is_built()
    {
        using var data = new TempFolder();
        var logs = new CapturingLoggerProvider();
        var source = new HeldDocumentSource();
        await using var host = await TestHost.StartAsync(data.Path, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddSingleton<IRetrievalDocumentSource>(source);
        });

        using (var building = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, building.StatusCode);

            // The body names the component that is not ready yet; the others are.
            using var report = JsonDocument.Parse(await building.Content.ReadAsStringAsync(Cancel));
            var components = report.RootElement.GetProperty("components");
            Assert.Equal("Degraded", components.GetProperty("retrieval").GetProperty("status").GetString());
            Assert.Equal("Healthy", components.GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("Healthy", components.GetProperty("orleans").GetProperty("status").GetString());
        }

        Assert.Empty(Errors(logs));
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning ", StringComparison.Ordinal) && line.Contains("being built", StringComparison.Ordinal));

        source.Release.SetResult();
        await host.Services.GetRequiredService<HybridRetriever>().WaitUntilReadyAsync(Cancel);
        using var ready = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Empty(Errors(logs));
    }

    /// <summary>A retrieval source that holds the index build until the test releases it.</summary>
    private sealed class HeldDocumentSource : IRetrievalDocumentSource
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<RetrievalDocument>> GetDocumentsAsync(CancellationToken cancellationToken)
        {
            await Release.Task.WaitAsync(cancellationToken);
            return [];
        }
    }
}
