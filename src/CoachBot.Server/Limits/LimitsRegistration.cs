using Microsoft.AspNetCore.RateLimiting;

namespace CoachBot.Server.Limits;

/// <summary>Per-user and per-tenant rate limits on the REST API and the hub.</summary>
internal static class LimitsRegistration
{
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UserRateLimiter>();
        builder.Services.AddOptions<RateLimiterOptions>().Configure<UserRateLimiter>((options, limiter) => options.GlobalLimiter = limiter.ForHttp);
        return builder;
    }
}
