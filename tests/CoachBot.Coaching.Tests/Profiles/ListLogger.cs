using Microsoft.Extensions.Logging;

namespace CoachBot.Coaching.Tests.Profiles;

/// <summary>A logger that keeps what was logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IEnumerable<string> Messages => _entries.Select(e => e.Message);

    public int Warnings => _entries.Count(e => e.Level == LogLevel.Warning);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Add((logLevel, formatter(state, exception)));
}
