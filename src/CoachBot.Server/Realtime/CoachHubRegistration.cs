using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoachBot.Server.Realtime;

internal static class CoachHubRegistration
{
    public const string HubPath = "/hubs/coach";

    /// <summary>SignalR with JSON payloads (enums as camelCase strings, ids as strings) and bounded message sizes.</summary>
    public static WebApplicationBuilder AddCoachHub(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = 64 * 1024;
                options.EnableDetailedErrors = false;
            })
            .AddJsonProtocol(options =>
            {
                options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
                options.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            });
        return builder;
    }

    public static IEndpointRouteBuilder MapCoachHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<CoachHub>(HubPath);
        return app;
    }
}
