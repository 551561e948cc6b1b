using System.Text.Json;
using System.Text.Json.Serialization;
using CoachBot.Server.Cluster;
using CoachBot.Server.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace CoachBot.Server.Realtime;

internal static class CoachHubRegistration
{
    public const string HubPath = "/hubs/coach";

    /// <summary>
    /// The biggest frame the hub reads. It is well above any legal chat message (4000 characters by default), so a
    /// moderately oversize message reaches the hub and fails that one call with <c>message_too_long</c>; SignalR closes
    /// the connection only for a frame bigger than this, which no conforming client sends.
    /// </summary>
    public const long MaximumReceiveMessageSize = 256 * 1024;

    /// <summary>SignalR with JSON payloads (enums as camelCase strings, ids as strings) and bounded message sizes.</summary>
    public static WebApplicationBuilder AddCoachHub(this WebApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = MaximumReceiveMessageSize;
                options.EnableDetailedErrors = false;
                options.AddFilter<HubErrorFilter>();
                options.AddFilter<HubLimitsFilter>();
            })
            .AddJsonProtocol(options =>
            {
                options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
                options.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            });
        if (builder.Configuration.IsRedisCluster())
        {
            // Groups and pushes span every front end: a grain on any silo reaches a user's connections wherever they are.
            var cluster = builder.Configuration.GetSection(OrleansHostOptions.SectionName).Get<OrleansHostOptions>() ?? new OrleansHostOptions();
            signalR.AddStackExchangeRedis(builder.Configuration[$"{RedisOptions.SectionName}:{nameof(RedisOptions.ConnectionString)}"]!, options =>
            {
                options.Configuration.AbortOnConnectFail = false;
                options.Configuration.ChannelPrefix = RedisChannel.Literal($"coachbot:{cluster.ServiceId}:signalr");
            });
            builder.Services.AddHostedService<UserConnectionsSubscriber>();
        }

        builder.Services.AddSingleton<HubErrorFilter>();
        builder.Services.AddSingleton<HubLimitsFilter>();
        builder.Services.AddSingleton<UserConnections>();
        builder.Services.AddSingleton<CoachBot.Conversations.IUserNotifications, HubUserNotifications>();
        // The JSON protocol answers arguments it cannot bind with coded errors (invalid_argument, unknown_method).
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol>(services => new CodedBindingFailures(
            ActivatorUtilities.CreateInstance<JsonHubProtocol>(services),
            CodedBindingFailures.StreamMethodsOf<CoachHub>().Union(CodedBindingFailures.StreamMethodsOf<ConsoleHub>(), StringComparer.OrdinalIgnoreCase).ToHashSet(StringComparer.OrdinalIgnoreCase)));
        return builder;
    }

    public static IEndpointRouteBuilder MapCoachHub(this IEndpointRouteBuilder app)
    {
        // A connection ends when its session token expires, as a new request with that token would be refused.
        app.MapHub<CoachHub>(HubPath, options => options.CloseOnAuthenticationExpiration = true);
        app.MapConsoleHub();
        return app;
    }
}
