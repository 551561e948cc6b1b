using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// Semantic Kernel logs every exception out of a function at Error level, a cancellation too. A reply cancelled on
/// purpose (the person pressed Stop, the host is shutting down) is not a failure, so the kernel's loggers write those
/// at Debug; every other entry passes unchanged.
/// </summary>
internal static class CancellationLogging
{
    /// <summary>The kernel over the host's services, with a logger factory that treats cancellations as routine.</summary>
    public static Kernel CreateKernel(IServiceProvider services) =>
        new(new Services(services), services.GetRequiredService<KernelPluginCollection>());

    private sealed class Services(IServiceProvider inner) : IServiceProvider
    {
        private readonly Factory? _factory = inner.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory ? new Factory(factory) : null;

        public object? GetService(Type serviceType) => serviceType == typeof(ILoggerFactory) ? _factory : inner.GetService(serviceType);
    }

    private sealed class Factory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            // The host owns the inner factory.
        }
    }

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(exception is OperationCanceledException && logLevel > LogLevel.Debug ? LogLevel.Debug : logLevel, eventId, state, exception, formatter);
    }
}
