using System.Globalization;

namespace CoachBot.Coaching.Profiles;

/// <summary>Numbers as people write them in chat: "3", "2.5", "three", "twenty-five", "a couple of", "half a".</summary>
internal static class NumberWords
{
    private const string Units = "one|two|three|four|five|six|seven|eight|nine";

    /// <summary>A number, digits or words. Use inside a larger pattern.</summary>
    public const string Pattern =
        @"(?:\d{1,2}(?:[.,]\d{1,2})?|(?:twenty|thirty|forty|fifty|sixty)(?:[\s-](?:" + Units + "))?"
        + @"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
        + @"|seventeen|eighteen|nineteen|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?dozen|half\s+an?|an?)";

    private static readonly Dictionary<string, decimal> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = 0, ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13,
        ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["couple"] = 2, ["dozen"] = 12,
    };

    /// <summary>The value of a number matched by <see cref="Pattern"/>.</summary>
    public static decimal? Parse(string text)
    {
        var words = text.Trim().ToLowerInvariant().Replace('-', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("a" or "an" or "of") || text.Trim().Length <= 2)
            .ToArray();
        if (words is ["half", ..])
        {
            return 0.5m;
        }

        if (words.Length == 1 && char.IsDigit(words[0][0]))
        {
            return decimal.TryParse(words[0].Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }

        decimal total = 0;
        foreach (var word in words)
        {
            if (!Words.TryGetValue(word, out var value))
            {
                return null;
            }

            total += value;
        }

        return words.Length == 0 ? null : total;
    }
}
