namespace CoachBot.Storage;

/// <summary>Names of grain storage providers and state entries.</summary>
public static class StorageNames
{
    /// <summary>The relational grain storage (SQLite by default, PostgreSQL in a cluster).</summary>
    public const string GrainState = "coachbot";

    /// <summary>The state entry of a user grain.</summary>
    public const string UserState = "user";

    /// <summary>The state entry of a tenant usage grain (model tokens per day).</summary>
    public const string TenantUsageState = "tenant-usage";
}
