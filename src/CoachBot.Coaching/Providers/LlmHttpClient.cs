using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// The named HttpClient the chat connectors use, with the resilience pipeline: an overall timeout, then retries of 429, 408, 5xx,
/// network errors and per-attempt timeouts (exponential backoff with jitter, or the server's Retry-After capped by
/// <see cref="LlmProviderOptions.MaxRetryDelay"/>), then a per-attempt timeout. Only the wait for response headers is covered:
/// once a reply streams, a broken stream is reported, not retried, so no text is ever sent twice.
/// </summary>
internal static class LlmHttpClient
{
    public const string Name = "CoachBot.Llm";

    /// <summary>The client for tenants' own endpoints: the same pipeline, connecting only where <see cref="OutboundAddressGuard"/> allows.</summary>
    public const string TenantName = "CoachBot.Llm.Tenant";

    public static void Add(IServiceCollection services)
    {
        services.AddSingleton(sp => new OutboundAddressGuard(sp.GetRequiredService<IOptions<LlmProviderOptions>>().Value.AllowedPrivateEndpoints));
        Add(services, Name, _ => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        Add(services, TenantName, sp => new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = sp.GetRequiredService<OutboundAddressGuard>().ConnectAsync,
        });
    }

    private static void Add(IServiceCollection services, string name, Func<IServiceProvider, SocketsHttpHandler> primary)
    {
        services.AddHttpClient(name)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // One client lives as long as the app; recycling pooled connections keeps DNS changes visible.
            .ConfigurePrimaryHttpMessageHandler(primary)
            .RemoveAllLoggers()
            .AddLogger(provider => new LlmHttpLogger(provider.GetRequiredService<ILogger<LlmHttpLogger>>()))
            .AddHttpMessageHandler(() => new BlankBearerTokenHandler())
            .AddResilienceHandler("llm", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<LlmProviderOptions>>().Value;
                var timeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "llm-total", Timeout = options.RequestTimeout });
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        Name = "llm-retry",
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryBaseDelay,
                        // A refused address stays refused: retrying it only delays the clear failure.
                        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not OutboundAddressRefusedException && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                        MaxDelay = options.MaxRetryDelay,
                        DelayGenerator = args => ValueTask.FromResult(
                            RetryAfterDelay.From(args.Outcome.Result, timeProvider, options.MaxRetryDelay)),
                    });
                }

                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "llm-attempt", Timeout = options.AttemptTimeout });
            });
    }
}
