using CoachBot.Ids;

namespace CoachBot.Tenancy;

/// <summary>
/// The parts of a user's erasure kept outside transcripts and grain state: consent, the audit entries the user's own
/// consent changes wrote, the moment of erasure (sessions issued until then are refused), and making deleted rows
/// unrecoverable from the database files.
/// </summary>
public interface IUserErasureStore
{
    /// <summary>
    /// Deletes the user's consent and the consent audit entries the user wrote, and records <paramref name="at"/> as the
    /// user's erasure time, all in one transaction. The data rights entries (user.exported, user.deleted) stay.
    /// </summary>
    Task EraseAsync(UserKey user, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>When the user was last erased; null when never.</summary>
    Task<DateTimeOffset?> GetErasedAtAsync(UserKey user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes rows deleted so far unreadable from the database files (SQLite: deleted content is zeroed as it is
    /// deleted, and the write-ahead log, which still holds earlier page images, is checkpointed and truncated).
    /// Returns false when the engine could not finish that now (busy readers); a later call finishes it.
    /// </summary>
    Task<bool> PurgeDeletedAsync(CancellationToken cancellationToken = default);
}
