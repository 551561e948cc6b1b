using CoachBot.Coaching.Retrieval;

namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>A fast, deterministic stand-in for the model: hashed bag of words, unit length. Counts what it embeds.</summary>
public sealed class HashingEmbedder : ITextEmbedder
{
    private int _textsEmbedded;

    public string ModelId => "test/hashing-bag-of-words";

    public int Dimensions => 64;

    /// <summary>Texts embedded so far, across all calls.</summary>
    public int TextsEmbedded => Volatile.Read(ref _textsEmbedded);

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        Interlocked.Add(ref _textsEmbedded, texts.Count);
        return [.. texts.Select(Vector)];
    }

    private float[] Vector(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in text.ToUpperInvariant().Split([' ', '\n', ',', '.', ':', '?'], StringSplitOptions.RemoveEmptyEntries))
        {
            vector[(int)((uint)StableHash(word) % (uint)Dimensions)] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
    }

    private static int StableHash(string word)
    {
        var hash = 17;
        foreach (var c in word)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
