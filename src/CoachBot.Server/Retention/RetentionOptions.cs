using System.ComponentModel.DataAnnotations;

namespace CoachBot.Server.Retention;

/// <summary>How often old transcripts are deleted. Bound from the "Retention" configuration section.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Time between sweeps; each sweep deletes every tenant's transcript rows older than its retention days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often each host makes sure the cluster's one sweep is scheduled; after the silo running it is lost, the sweep
    /// resumes elsewhere within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepScheduledInterval { get; set; } = TimeSpan.FromMinutes(1);
}
