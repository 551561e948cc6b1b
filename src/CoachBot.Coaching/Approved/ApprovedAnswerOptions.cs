using System.ComponentModel.DataAnnotations;

namespace CoachBot.Coaching.Approved;

/// <summary>When an approved answer counts as the answer to a question. Bound from "Coaching:ApprovedAnswers".</summary>
public sealed class ApprovedAnswerOptions : IValidatableObject
{
    public const string SectionName = "Coaching:ApprovedAnswers";

    /// <summary>
    /// How long a host keeps a tenant's approved answers before reading them again. A change made through this host
    /// applies to the next turn; one made through another host of a cluster within this interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cosine similarity of the two questions at or above which they are the same question.</summary>
    [Range(0.5, 1.0)]
    public double MinimumSimilarity { get; set; } = 0.86;

    /// <summary>A lower similarity that is enough when the questions also share <see cref="SameWordsOverlap"/> of their words.</summary>
    [Range(0.5, 1.0)]
    public double MinimumSimilarityWithSameWords { get; set; } = 0.75;

    /// <summary>The share of content words that, with <see cref="MinimumSimilarityWithSameWords"/>, makes two questions the same.</summary>
    [Range(0.0, 1.0)]
    public double SameWordsOverlap { get; set; } = 0.6;

    /// <summary>Questions sharing less than this share of their content words are never the same, however close their meaning.</summary>
    [Range(0.0, 1.0)]
    public double MinimumWordOverlap { get; set; } = 0.3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinimumSimilarityWithSameWords > MinimumSimilarity)
        {
            yield return new ValidationResult(
                "Coaching:ApprovedAnswers: MinimumSimilarityWithSameWords cannot be above MinimumSimilarity.",
                [nameof(MinimumSimilarityWithSameWords)]);
        }
    }
}
