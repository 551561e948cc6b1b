using Microsoft.EntityFrameworkCore;

namespace CoachBot.Benchmarks.Reference;

/// <summary>The transcript: one row per user message and one per reply, as CoachBot's transcript store keeps it.</summary>
public sealed class ReferenceDb(DbContextOptions<ReferenceDb> options) : DbContext(options)
{
    public DbSet<TranscriptRow> Messages => Set<TranscriptRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var row = modelBuilder.Entity<TranscriptRow>();
        row.ToTable("transcript_messages");
        row.HasKey(m => m.Id);
        row.HasIndex(m => new { m.TenantId, m.UserId, m.Id });
        row.HasIndex(m => new { m.TurnId, m.Role }).IsUnique();
    }
}

/// <summary>One stored message.</summary>
public sealed class TranscriptRow
{
    public long Id { get; set; }

    public required string TenantId { get; set; }

    public required string UserId { get; set; }

    public required Guid TurnId { get; set; }

    /// <summary>"user" or "assistant".</summary>
    public required string Role { get; set; }

    public required string Text { get; set; }

    /// <summary>"streaming", "completed" or "failed".</summary>
    public required string Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
