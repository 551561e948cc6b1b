namespace CoachBot.Retention;

/// <summary>
/// The one transcript retention job of a cluster: a single activation (key <see cref="Key"/>) that sweeps on its own
/// timer. Hosts only keep it scheduled; when its silo is lost, the next host to ask activates it on another silo.
/// </summary>
[Alias("coachbot.IRetentionSweepGrain")]
public interface IRetentionSweepGrain : IGrainWithStringKey
{
    /// <summary>The key of the cluster's one sweep.</summary>
    public const string Key = "transcripts";

    /// <summary>Activates the sweep if it is not running and makes sure its timer is set; cheap when it already is.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();
}
