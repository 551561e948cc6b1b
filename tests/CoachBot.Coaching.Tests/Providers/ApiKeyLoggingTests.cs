using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static CoachBot.Coaching.Tests.Providers.ProviderTestHost;

namespace CoachBot.Coaching.Tests.Providers;

public sealed class ApiKeyLoggingTests : IAsyncLifetime
{
    private OpenAICompatibleServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await OpenAICompatibleServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task The_api_key_never_appears_in_logs_even_at_trace_level()
    {
        _server.Enqueue(
            ScriptedReply.Stream(["Fine."], usage: (5, 1)),
            ScriptedReply.Error(429, retryAfter: "0"),
            ScriptedReply.Error(401));
        var collector = new FakeLogCollector();
        var settings = OpenAICompatible(_server);
        settings["Coaching:Model"] = "openai";
        await using var services = Build(settings, logging: logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new FakeLoggerProvider(collector)));

        var succeeded = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));
        var rejected = await RunTurnAsync(services, cancellationToken: Guard(TimeSpan.FromSeconds(30)));

        Assert.Null(succeeded.Failure);
        Assert.NotNull(rejected.Failure);
        Assert.All(_server.Requests, r => Assert.Equal("Bearer " + OpenAIKey, r.Header("Authorization")));
        var logs = Everything(collector.GetSnapshot());
        Assert.Contains("chat/completions", logs, StringComparison.Ordinal); // The HTTP attempts were logged.
        Assert.Contains("Model failed", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenAIKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenAIKey[^8..], logs, StringComparison.Ordinal);
    }

    private static string Everything(IEnumerable<FakeLogRecord> records)
    {
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(record.Category).Append(" | ").AppendLine(record.Message).AppendLine(record.Exception?.ToString());
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                text.Append(key).Append('=').AppendLine(value);
            }

            foreach (var scope in record.Scopes)
            {
                text.AppendLine(scope?.ToString());
            }
        }

        return text.ToString();
    }
}
