using CoachBot.Server.Channels.Slack;
using CoachBot.Server.Channels.Teams;

namespace CoachBot.Server.Channels;

/// <summary>The chat platform adapters and what they share: one line per platform.</summary>
internal static class ChannelsRegistration
{
    public static WebApplicationBuilder AddCoachBotChannels(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChannelOptions>()
            .Bind(builder.Configuration.GetSection(ChannelOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IChannelConversations, ChannelConversations>();
        builder.Services.AddSingleton<ChannelCoachMessages>();
        builder.Services.AddSlackChannel(builder.Configuration);
        builder.Services.AddTeamsChannel(builder.Configuration);
        return builder;
    }

    public static WebApplication MapCoachBotChannels(this WebApplication app)
    {
        app.MapChannelLinkEndpoints();
        app.MapSlackChannel();
        app.MapTeamsChannel();
        return app;
    }
}
