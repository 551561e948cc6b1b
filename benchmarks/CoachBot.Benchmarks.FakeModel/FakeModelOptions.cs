using System.ComponentModel.DataAnnotations;

namespace CoachBot.Benchmarks.FakeModel;

/// <summary>The profile the fake model starts with. Bound from the "FakeModel" configuration section.</summary>
public sealed class FakeModelOptions
{
    public const string SectionName = "FakeModel";

    /// <summary>Milliseconds before the first token.</summary>
    [Range(0, 60_000)]
    public double TtftMs { get; set; } = 50;

    /// <summary>Milliseconds between two tokens.</summary>
    [Range(0, 10_000)]
    public double GapMs { get; set; } = 50;

    /// <summary>Tokens per reply.</summary>
    [Range(1, 100_000)]
    public int Tokens { get; set; } = 40;
}
