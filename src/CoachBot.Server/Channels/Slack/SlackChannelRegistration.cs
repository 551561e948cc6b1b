using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CoachBot.Server.Channels.Slack;

/// <summary>The Slack adapter: options, the Web API client, the background work queue and the endpoints.</summary>
internal static class SlackChannelRegistration
{
    public static IServiceCollection AddSlackChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>()
            .Bind(configuration.GetSection(SlackOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SlackRequestVerifier>();
        services.AddSingleton<SlackReplyWriter>();
        services.AddSingleton<SlackWorkHandler>();
        services.AddSingleton<SlackWorkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackWorkQueue>());

        services.AddHttpClient<SlackWebApi>((sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl;
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("slack", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "slack-total", Timeout = options.RequestTimeout });
                if (options.MaxRetries > 0)
                {
                    // Only 429 is retried: Slack did not act on the call, so even chat.postMessage cannot be posted twice.
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        Name = "slack-rate-limit",
                        MaxRetryAttempts = options.MaxRetries,
                        ShouldRetryAfterHeader = true,
                        BackoffType = DelayBackoffType.Constant,
                        Delay = TimeSpan.FromSeconds(1),
                        MaxDelay = options.MaxRetryDelay,
                        ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
                    });
                }
            });
        return services;
    }

    public static IEndpointRouteBuilder MapSlackChannel(this IEndpointRouteBuilder app)
    {
        app.MapSlackEndpoints();
        app.MapSlackInstallEndpoints();
        return app;
    }
}
