using System.Data.Common;
using System.Net.Http.Json;
using System.Text;
using CoachBot.Coaching;
using CoachBot.Coaching.Offline;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;
using CoachBot.Storage.Relational;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tests.Faults;

/// <summary>
/// The database refusing writes while people talk, with the engine's own errors: a lock held past the busy timeout
/// (SQLITE_BUSY), a read-only database (query_only), a full disk (max_page_count reached: SQLITE_FULL). For each: what the person sees (a coded refusal or a coded
/// end, never internal_error), what is stored (every acknowledged message; no reply left "streaming"), and that the
/// next turn works once the fault is gone.
/// </summary>
public sealed partial class DatabaseFaultTests
{
    private const string Earlier = "I am a junior data analyst with two years of SQL. What should I learn next?";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static TheoryData<string, string> Cases => new()
    {
        { "locked", "before the message" },
        { "locked", "mid-stream" },
        { "read-only", "before the message" },
        { "read-only", "mid-stream" },
        { "disk full", "before the message" },
        { "disk full", "mid-stream" },
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_refusing_database_loses_nothing_acknowledged_and_the_next_turn_works(string fault, string phase)
    {
        await using var world = await World.StartAsync();
        var session = await world.Host.CreateSessionAsync();
        await using var hub = await world.Host.ConnectAsync(session.Token);
        var earlier = await TurnAsync(hub, Earlier);
        Assert.Equal(TurnStatus.Completed, earlier.End?.Status);

        // A long message, so the writes need new pages (a full disk refuses them).
        var question = "Here is my situation in detail. " + string.Concat(Enumerable.Repeat("I built dashboards in Power BI and wrote SQL for the finance team. ", 40)) + "How do I move up to a mid-level analyst role?";
        string? refusal = null;
        Reply? reply = null;
        if (phase == "before the message")
        {
            await using (await world.ApplyAsync(fault))
            {
                var error = await Assert.ThrowsAsync<HubException>(() => TurnAsync(hub, question));
                refusal = error.Message;
            }
        }
        else
        {
            world.Model!.Reset();
            var stream = hub.StreamAsync<ReplyChunk>("SendMessage", question, Cancel).GetAsyncEnumerator(Cancel);
            var shown = new StringBuilder();
            Assert.True(await stream.MoveNextAsync());
            shown.Append(stream.Current.Delta);
            await world.Model.Reached.Task.WaitAsync(Bound, Cancel);
            await using (await world.ApplyAsync(fault))
            {
                world.Model.Release.SetResult();
                TurnEnd? end = stream.Current.End;
                while (end is null && await stream.MoveNextAsync())
                {
                    shown.Append(stream.Current.Delta);
                    end = stream.Current.End;
                }

                reply = new Reply(shown.ToString(), end);
            }

            await stream.DisposeAsync();
        }

        // The fault is gone: the next turn works and the stored conversation is whole.
        var next = await TurnAsync(hub, "Thanks. Which certification would help most?");
        using var api = world.Host.AuthorizedClient(session.Token);
        var history = (await api.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=20", TestHost.Json, Cancel))!.Messages;

        var questions = history.Where(m => m.Role == MessageRole.User).Select(m => m.Text).ToList();
        var stuck = history.Count(m => m.Status == TurnStatus.Streaming);
        var held = next.End?.Status == TurnStatus.Completed && questions.Contains(Earlier) && stuck == 0;
        if (refusal is not null)
        {
            // Refused with a code, and not half-stored: the message is not in the conversation.
            held &= CodeOf(refusal) == ErrorCodes.Unavailable && !questions.Contains(question);
        }
        else
        {
            // Acknowledged: the message is stored; the reply ends with a code and keeps no more than was shown.
            var stored = history.Last(m => m.Role == MessageRole.Assistant && history.Any(q => q.TurnId == m.TurnId && q.Text == question));
            held &= questions.Contains(question) && (reply!.End is { Status: TurnStatus.Completed }
                ? stored.Status == TurnStatus.Completed && stored.Text == reply.Shown
                : reply.End is { ErrorCode: ErrorCodes.Unavailable } && stored.Status == TurnStatus.Failed && reply.Shown.StartsWith(stored.Text, StringComparison.Ordinal));
        }

        FaultReport.Record("database", $"{fault}, {phase}", 1, held ? 1 : 0, refusal ?? $"{reply!.End?.Status} {reply.End?.ErrorCode}, {reply.Shown.Length} characters shown");
        Assert.Equal(TurnStatus.Completed, next.End?.Status);
        Assert.Contains(Earlier, questions);
        Assert.Equal(0, stuck);
        if (refusal is not null)
        {
            Assert.Equal(ErrorCodes.Unavailable, CodeOf(refusal));
            Assert.DoesNotContain(question, questions);
        }
        else
        {
            // Either the store still took the reply's writes (a full disk can have room in free pages for an update) and
            // the reply is whole, or the reply ends as unavailable and the stored text is no more than was shown.
            Assert.Contains(question, questions);
            Assert.True(held, $"stored reply vs shown: {reply!.End?.Status} {reply.End?.ErrorCode}");
        }
    }

    [Fact]
    public async Task A_lock_that_clears_while_the_reply_is_being_stored_costs_nothing()
    {
        await using var world = await World.StartAsync();
        var session = await world.Host.CreateSessionAsync();
        await using var hub = await world.Host.ConnectAsync(session.Token);
        world.Model!.Reset();

        var stream = hub.StreamAsync<ReplyChunk>("SendMessage", Earlier, Cancel).GetAsyncEnumerator(Cancel);
        var shown = new StringBuilder();
        Assert.True(await stream.MoveNextAsync());
        shown.Append(stream.Current.Delta);
        await world.Model.Reached.Task.WaitAsync(Bound, Cancel);
        var fault = await world.ApplyAsync("locked");
        world.Model.Release.SetResult();

        // The first attempt to store the outcome meets the lock; the lock then goes, and a retry stores it.
        await world.Logs.OutcomeRetried.Task.WaitAsync(Bound, Cancel);
        await fault.DisposeAsync();
        TurnEnd? end = stream.Current.End;
        while (end is null && await stream.MoveNextAsync())
        {
            shown.Append(stream.Current.Delta);
            end = stream.Current.End;
        }

        await stream.DisposeAsync();
        using var api = world.Host.AuthorizedClient(session.Token);
        var stored = (await api.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=20", TestHost.Json, Cancel))!.Messages.Single(m => m.Role == MessageRole.Assistant);
        var held = end?.Status == TurnStatus.Completed && stored.Status == TurnStatus.Completed && stored.Text == shown.ToString();
        FaultReport.Record("database", "lock cleared during the outcome's retries", 1, held ? 1 : 0);
        Assert.Equal(TurnStatus.Completed, end?.Status);
        Assert.Equal((TurnStatus.Completed, shown.ToString()), (stored.Status, stored.Text));
    }

    private static async Task<Reply> TurnAsync(HubConnection hub, string text)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Bound);
        var shown = new StringBuilder();
        TurnEnd? end = null;
        await foreach (var chunk in hub.StreamAsync<ReplyChunk>("SendMessage", text, timeout.Token))
        {
            shown.Append(chunk.Delta);
            end = chunk.End ?? end;
        }

        return new Reply(shown.ToString(), end);
    }

    private sealed record Reply(string Shown, TurnEnd? End);

    /// <summary>The code of a hub error: SignalR puts its own sentence before a stream's error ("… HubException: unavailable: …").</summary>
    private static string? CodeOf(string message) => HubCode().Match(message) is { Success: true } match ? match.Groups["code"].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex("(^|HubException: )(?<code>[a-z][a-z_]+): ")]
    private static partial System.Text.RegularExpressions.Regex HubCode();

    /// <summary>A host on SQLite whose connections the test can make refuse writes, and a model held mid-reply.</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly TempFolder _data;

        private World(TempFolder data, TestHost host, FaultableDialect dialect, ResettableGate? model, LogSignal logs)
        {
            _data = data;
            Host = host;
            Dialect = dialect;
            Model = model;
            Logs = logs;
        }

        public TestHost Host { get; }

        public FaultableDialect Dialect { get; }

        public ResettableGate? Model { get; }

        public LogSignal Logs { get; }

        public string DatabasePath => Path.Combine(_data.Path, "coachbot.db");

        public static async Task<World> StartAsync(bool gated = true)
        {
            var data = new TempFolder();
            FaultableDialect? dialect = null;
            ResettableGate? model = null;
            var logs = new LogSignal();
            var host = await TestHost.StartAsync(data.Path, services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(ISqlDialect));
                services.Add(ServiceDescriptor.Singleton<ISqlDialect>(sp => dialect = new FaultableDialect(original.ImplementationFactory is { } factory
                    ? (ISqlDialect)factory(sp)
                    : (ISqlDialect)(original.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)))));
                services.AddSingleton<ILoggerProvider>(logs);
                if (gated)
                {
                    services.AddSingleton<IChatCompletionService>(sp => model = new ResettableGate(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System)));
                }
            }, new Dictionary<string, string?>
            {
                // The faults are SQLite's own (a file lock, query_only, max_page_count), whatever engine the suite runs on.
                ["Storage:Provider"] = "Sqlite",
                ["Storage:BusyTimeout"] = "00:00:01",
                ["Coaching:Offline:ChunkDelay"] = "00:00:00.005",
            });
            _ = host.Services.GetRequiredService<ISqlDialect>();
            if (gated)
            {
                _ = host.Services.GetRequiredService<IChatCompletionService>();
            }

            return new World(data, host, dialect!, model, logs);
        }

        /// <summary>Starts a fault; disposing the result ends it.</summary>
        public async Task<IAsyncDisposable> ApplyAsync(string fault)
        {
            switch (fault)
            {
                case "locked":
                    var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
                    await holder.OpenAsync(Cancel);
                    await using (var begin = holder.CreateCommand())
                    {
                        begin.CommandText = "BEGIN EXCLUSIVE";
                        await begin.ExecuteNonQueryAsync(Cancel);
                    }

                    return new Release(async () =>
                    {
                        await using (var commit = holder.CreateCommand())
                        {
                            commit.CommandText = "COMMIT";
                            await commit.ExecuteNonQueryAsync();
                        }

                        await holder.DisposeAsync();
                    });
                case "read-only":
                    Dialect.Fault = "PRAGMA query_only = ON";
                    SqliteConnection.ClearAllPools();
                    return new Release(() => { Dialect.Fault = null; SqliteConnection.ClearAllPools(); return Task.CompletedTask; });
                case "disk full":
                    Dialect.Fault = "PRAGMA max_page_count = 1";
                    SqliteConnection.ClearAllPools();
                    return new Release(() => { Dialect.Fault = null; SqliteConnection.ClearAllPools(); return Task.CompletedTask; });
                default:
                    throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            _data.Dispose();
        }

        private sealed class Release(Func<Task> release) : IAsyncDisposable
        {
            public async ValueTask DisposeAsync() => await release();
        }
    }

    /// <summary>
    /// The real SQLite dialect, with one more statement run on every connection it opens while a fault is on:
    /// <c>query_only</c> makes SQLite refuse writes as a read-only database does; a <c>max_page_count</c> at or below
    /// the file's size makes any write needing a page fail with SQLITE_FULL, as on a full disk.
    /// </summary>
    private sealed class FaultableDialect(ISqlDialect inner) : ISqlDialect
    {
        public volatile string? Fault;

        public string Name => inner.Name;

        public bool SingleWriter => inner.SingleWriter;

        public string FullTextMatch => inner.FullTextMatch;

        public string? FullTextQuery(string text) => inner.FullTextQuery(text);

        public IReadOnlyList<SchemaMigration> Migrations => inner.Migrations;

        public DbConnection CreateConnection() => inner.CreateConnection();

        public async Task PrepareConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            await inner.PrepareConnectionAsync(connection, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = Fault ?? "PRAGMA query_only = OFF; PRAGMA max_page_count = 1073741823";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public string MigrationsTableSql => inner.MigrationsTableSql;

        public Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) => inner.LockMigrationsAsync(connection, cancellationToken);

        public void BindParameter(DbParameter parameter, object? value) => inner.BindParameter(parameter, value);

        public DateTimeOffset ReadTimestamp(object value) => inner.ReadTimestamp(value);

        public bool ReadBoolean(object value) => inner.ReadBoolean(value);

        public bool IsUniqueViolation(DbException exception) => inner.IsUniqueViolation(exception);

        public Task<bool> PurgeDeletedAsync(DbConnection connection, CancellationToken cancellationToken) => inner.PurgeDeletedAsync(connection, cancellationToken);
    }

    /// <summary>The offline model held after its first chunk of a reply, once per <see cref="Reset"/>.</summary>
    private sealed class ResettableGate(OfflineCoachModel inner) : IChatCompletionService
    {
        private GatedChatModel? _gate;
        private GatedChatModel? _current;

        public TaskCompletionSource Reached => _current!.Reached;

        public TaskCompletionSource Release => _current!.Release;

        public IReadOnlyDictionary<string, object?> Attributes => inner.Attributes;

        public void Reset() => _gate = _current = new GatedChatModel(inner, chunksBeforeGate: 1);

        public Task<IReadOnlyList<Microsoft.SemanticKernel.ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, Microsoft.SemanticKernel.PromptExecutionSettings? executionSettings = null, Microsoft.SemanticKernel.Kernel? kernel = null, CancellationToken cancellationToken = default) =>
            inner.GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken);

        public IAsyncEnumerable<Microsoft.SemanticKernel.StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, Microsoft.SemanticKernel.PromptExecutionSettings? executionSettings = null, Microsoft.SemanticKernel.Kernel? kernel = null, CancellationToken cancellationToken = default)
        {
            var gate = _gate;
            return gate is null
                ? inner.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken)
                : Once(gate, chatHistory, executionSettings, kernel, cancellationToken);
        }

        private async IAsyncEnumerable<Microsoft.SemanticKernel.StreamingChatMessageContent> Once(GatedChatModel gate, ChatHistory chatHistory, Microsoft.SemanticKernel.PromptExecutionSettings? executionSettings, Microsoft.SemanticKernel.Kernel? kernel, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (ReferenceEquals(Interlocked.CompareExchange(ref _gate, null, gate), gate))
            {
                await foreach (var chunk in gate.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken))
                {
                    yield return chunk;
                }

                yield break;
            }

            await foreach (var chunk in inner.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>Completes when the grain logs that storing a turn's outcome failed and will be retried.</summary>
    private sealed class LogSignal : ILoggerProvider
    {
        public TaskCompletionSource OutcomeRetried { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogSignal signal) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (formatter(state, exception).Contains("failed (attempt", StringComparison.Ordinal))
                {
                    signal.OutcomeRetried.TrySetResult();
                }
            }
        }
    }
}
