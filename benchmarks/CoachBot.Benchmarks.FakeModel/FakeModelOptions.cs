using System.ComponentModel.DataAnnotations;

namespace CoachBot.Benchmarks.FakeModel;

/// <summary>The profile the fake model starts with. Bound from the "FakeModel" configuration section.</summary>
public sealed class FakeModelOptions : IValidatableObject
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

    /// <summary>Seed of the per-request fault draws.</summary>
    public int FaultSeed { get; set; } = 1;

    /// <summary>Share of streamed requests answered 429.</summary>
    [Range(0, 1)]
    public double RateLimited { get; set; }

    /// <summary>Share of streamed requests answered 500.</summary>
    [Range(0, 1)]
    public double ServerError { get; set; }

    /// <summary>Share of streamed requests whose stream is cut after a few tokens.</summary>
    [Range(0, 1)]
    public double CutStream { get; set; }

    /// <summary>Share of streamed requests answered with lines that are not JSON.</summary>
    [Range(0, 1)]
    public double GarbageStream { get; set; }

    /// <summary>Share of streamed requests whose first token comes after <see cref="SlowFirstTokenMs"/>.</summary>
    [Range(0, 1)]
    public double SlowFirstToken { get; set; }

    [Range(0, 60_000)]
    public double SlowFirstTokenMs { get; set; } = 3000;

    public FaultMix Faults() => new(FaultSeed, RateLimited, ServerError, CutStream, GarbageStream, SlowFirstToken, SlowFirstTokenMs);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Faults().IsValid)
        {
            yield return new ValidationResult("The fault shares must add up to at most 1.", [nameof(RateLimited)]);
        }
    }
}
