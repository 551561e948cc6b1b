using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoachBot.Storage.Tests.Secrets;

/// <summary>Keeps every log entry, formatted, to check what reached the log.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, string? Exception)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message, string? Exception)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception), exception?.ToString()));
}
