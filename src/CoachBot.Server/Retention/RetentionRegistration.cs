namespace CoachBot.Server.Retention;

/// <summary>The hourly transcript retention sweep: one job per cluster, run by a grain, kept scheduled by every host.</summary>
internal static class RetentionRegistration
{
    public static WebApplicationBuilder AddTranscriptRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection(RetentionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IRetainedTurns, GrainRetainedTurns>();
        builder.Services.AddSingleton<TranscriptRetentionSweep>();
        builder.Services.AddHostedService<RetentionSchedule>();
        return builder;
    }
}
