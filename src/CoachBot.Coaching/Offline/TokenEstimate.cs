using System.Text.RegularExpressions;

namespace CoachBot.Coaching.Offline;

/// <summary>
/// A fair token count for text no tokenizer has seen, close to what the common BPE tokenizers give English: a word
/// costs one token per four letters or part of them, each punctuation mark or symbol one. The offline coach reports
/// its usage with it, so the tenant's daily token quota applies to it as to any other model.
/// </summary>
public static partial class TokenEstimate
{
    /// <summary>The estimated tokens of <paramref name="text"/>; 0 for none.</summary>
    public static int Count(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var tokens = 0;
        foreach (var piece in Pieces().EnumerateMatches(text))
        {
            tokens += char.IsLetterOrDigit(text[piece.Index]) ? (piece.Length + 3) / 4 : 1;
        }

        return tokens;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+|[^\s\p{L}\p{N}]")]
    private static partial Regex Pieces();
}
