namespace CoachBot.Server.Retention;

/// <summary>The hourly transcript retention sweep.</summary>
internal static class RetentionRegistration
{
    public static WebApplicationBuilder AddTranscriptRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection(RetentionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IRetainedTurns, GrainRetainedTurns>();
        builder.Services.AddSingleton<TranscriptRetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TranscriptRetentionService>());
        return builder;
    }
}
