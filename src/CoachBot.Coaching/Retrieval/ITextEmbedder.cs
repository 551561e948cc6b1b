namespace CoachBot.Coaching.Retrieval;

/// <summary>Turns texts into dense vectors. Implementations are thread-safe.</summary>
public interface ITextEmbedder
{
    /// <summary>Identifies the model; vectors from different models are never mixed (it keys the embedding cache).</summary>
    string ModelId { get; }

    /// <summary>Length of every vector returned.</summary>
    int Dimensions { get; }

    /// <summary>One unit-length vector per text, in input order.</summary>
    float[][] Embed(IReadOnlyList<string> texts);
}
