using System.Globalization;

namespace CoachBot.Coaching.RoleContent;

/// <summary>A high / medium / low rating of a market signal.</summary>
public enum SignalRating
{
    Low,
    Medium,
    High,
}

/// <summary>The base salary signal for one career level.</summary>
/// <param name="Level">The career level's name.</param>
/// <param name="MinYears">The level's first year of experience.</param>
/// <param name="MaxYears">The level's upper bound; null for the open-ended top level.</param>
/// <param name="Currency">The ISO 4217 currency code, e.g. "USD".</param>
/// <param name="Low">The low end of the gross annual base salary range.</param>
/// <param name="High">The high end of the range; never below <paramref name="Low"/>.</param>
/// <param name="Region">The region's display name, e.g. "USA".</param>
/// <param name="AsOf">The month the figures describe, as its first day.</param>
public sealed record SalarySignal(string Level, int MinYears, int? MaxYears, string Currency, long Low, long High, string Region, DateOnly AsOf)
{
    /// <summary>The as-of month as the page writes it, e.g. "2026-06".</summary>
    public string AsOfText => AsOf.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>A rated market signal such as demand or remote feasibility.</summary>
/// <param name="Rating">The rating.</param>
/// <param name="Text">The explanation that follows the rating.</param>
public sealed record RatedSignal(SignalRating Rating, string Text);

/// <summary>A further labelled market signal, e.g. "Total compensation" or "City differences".</summary>
/// <param name="Label">The label, starting with a capital letter.</param>
/// <param name="Text">The signal.</param>
public sealed record LabeledSignal(string Label, string Text);
