using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using CoachBot.Coaching;
using CoachBot.Coaching.Overlays;
using CoachBot.Coaching.Retrieval;
using CoachBot.Diagnostics;
using CoachBot.Grains;
using CoachBot.Server.Api;
using CoachBot.Server.Api.CoachConsole;
using CoachBot.Server.Api.CoachConsole.Export;
using CoachBot.Server.Channels;
using CoachBot.Server.Cluster;
using CoachBot.Server.Cors;
using CoachBot.Server.Health;
using CoachBot.Server.Identity;
using CoachBot.Server.Limits;
using CoachBot.Server.Realtime;
using CoachBot.Server.Retention;
using CoachBot.Server.Security;
using CoachBot.Server.Telemetry;
using CoachBot.Server.Tenancy;
using CoachBot.Storage;
using CoachBot.Widget;
using Microsoft.Extensions.Options;

namespace CoachBot.Server.Hosting;

/// <summary>CoachBot's composition: one line per part. The program and the end-to-end tests both start here.</summary>
public static class CoachBotHosting
{
    public static WebApplicationBuilder AddCoachBot(this WebApplicationBuilder builder)
    {
        builder.Services.AddCoachBotStorage(builder.Configuration);
        builder.Services.AddCoachBotCoaching(builder.Configuration);
        builder.Services.AddRoleOverlays();
        builder.Services.AddOptions<RetrievalOptions>().PostConfigure<IOptions<StorageOptions>>((retrieval, storage) =>
            retrieval.CacheDirectory ??= Path.Combine(storage.Value.ResolveDataDirectory(), "cache", "embeddings"));
        builder.Services.AddCoachBotGrains(builder.Configuration);
        builder.AddCoachBotSilo();
        builder.AddClusterSharing();
        builder.AddSessionIdentity();
        builder.AddApiKeyIdentity();
        builder.AddStaffIdentity();
        builder.AddTenancy();
        builder.AddTranscriptRetention();
        builder.AddCoachHub();
        builder.AddCoachBotChannels();
        builder.AddRateLimits();
        builder.AddTenantCors();
        builder.AddRestApi();
        builder.AddHealth();
        builder.AddTelemetry();
        builder.AddTrustedProxies();
        return builder;
    }

    private const long MaxRequestBody = 256 * 1024;

    public static WebApplication MapCoachBot(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseUnknownPathNotFound();
        app.UseAuthentication();
        app.UseTenantOriginCheck();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRouteIdCheck();

        app.MapHealth();
        // One document under one fixed path: other names fall to the unknown-path answer, with its problem code.
        app.MapOpenApi("/openapi/v1.json").AllowAnonymous();
        app.MapSessionEndpoints();
        app.MapMeEndpoints();
        app.MapConversationEndpoints();
        app.MapOperatorEndpoints();
        app.MapTenantAdminEndpoints();
        app.MapRoleContentEndpoints();
        app.MapWidgetIdentityEndpoints();
        app.MapCoachEndpoints();
        app.MapCoachConsoleEndpoints();
        app.MapCoachExportEndpoints();
        app.MapDataRightsEndpoints();
        app.MapWidgetConfigEndpoints();
        app.MapCoachHub();
        app.MapCoachBotChannels();
        app.MapCoachBotWidget();
        app.MapCoachBotConsole();
        return app;
    }

    private static WebApplicationBuilder AddRestApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Problems the framework writes itself (413 from Kestrel, 404, 405) get a stable code too.
            if (!context.ProblemDetails.Extensions.TryGetValue("code", out var code))
            {
                code = Problems.CodeForStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
                context.ProblemDetails.Extensions["code"] = code;
                context.ProblemDetails.Type = "urn:coachbot:error:" + code;
                CoachBotTelemetry.RecordError((string)code, "rest");
            }
        });
        builder.Services.AddExceptionHandler<ExceptionMapping>();
        // Malformed bodies and parameters surface as exceptions, so they get the same problem details as every other refusal.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBody);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SessionEndpoints.RateLimitPolicy, ClientAddressLimits.PerMinute);
            options.AddPolicy(WidgetConfigEndpoints.RateLimitPolicy, ClientAddressLimits.PerMinute);
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests; retry after the time in Retry-After.");
            };
        });
        return builder;
    }
}
