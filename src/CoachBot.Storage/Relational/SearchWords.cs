using System.Text.RegularExpressions;

namespace CoachBot.Storage.Relational;

/// <summary>The words of a free-text search, as both engines' text indexes split them (letters and digits).</summary>
internal static partial class SearchWords
{
    /// <summary>More words than this add nothing but work.</summary>
    public const int MaxWords = 16;

    public static IReadOnlyList<string> Of(string text) =>
        [.. Word().Matches(text).Select(m => m.Value).Take(MaxWords)];

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
