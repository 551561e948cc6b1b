using System.Globalization;

namespace CoachBot.Coaching.Offline;

/// <summary>Small text helpers that keep the offline coach's sentences natural.</summary>
internal static class Phrasing
{
    /// <summary>"a, b and c".</summary>
    public static string List(IEnumerable<string> items) => List(items, "and");

    /// <summary>"a, b and c" or "a, b or c".</summary>
    public static string List(IEnumerable<string> items, string conjunction)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list[..^1]) + $" {conjunction} " + list[^1],
        };
    }

    /// <summary>Lower-cases the first letter, for quoting a sentence inside another one.</summary>
    public static string Lower(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    /// <summary>Removes the final full stop.</summary>
    public static string NoStop(string text) => text.TrimEnd().TrimEnd('.');

    /// <summary>"USD 110,000–145,000".</summary>
    public static string Money(string currency, long low, long high) =>
        string.Create(CultureInfo.InvariantCulture, $"{currency} {low:N0}–{high:N0}");

    /// <summary>"3 years", "1 year", "2.5 years".</summary>
    public static string Years(decimal years) =>
        string.Create(CultureInfo.InvariantCulture, $"{years:0.#} year{(years == 1 ? "" : "s")}");

    /// <summary>A stable choice among options for this text, so the same question gets the same reply.</summary>
    public static T Pick<T>(IReadOnlyList<T> options, string seed, int offset = 0)
    {
        var hash = 17;
        foreach (var c in seed)
        {
            hash = unchecked((hash * 31) + c);
        }

        return options[(int)((uint)(hash + offset) % (uint)options.Count)];
    }
}
