using System.Buffers;

namespace CoachBot.Ids;

/// <summary>
/// The one place that decides which characters an externally supplied id may contain.
/// Ids never contain '/', so composite grain keys built from them cannot be confused.
/// </summary>
public static class IdRules
{
    /// <summary>Longest accepted id, in characters.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@:+");

    /// <summary>True when <paramref name="value"/> is a well-formed id.</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= MaxLength
        && char.IsAsciiLetterOrDigit(value[0])
        && !value.AsSpan().ContainsAnyExcept(Allowed);

    internal static string Require(string? value, string kind) =>
        IsValid(value)
            ? value!
            : throw new FormatException($"'{value}' is not a valid {kind}: use 1-{MaxLength} letters, digits or . _ - @ : +, starting with a letter or digit.");
}
