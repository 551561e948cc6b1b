namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// One document as the index holds it: its passages, the cache key of each passage's embedding input, their vectors
/// (one after another) and its analyzed lexical fields. Immutable once built, so an updated index reuses the entries of
/// every document that did not change, vectors and terms included.
/// </summary>
internal sealed class IndexEntry(
    RetrievalDocument document,
    string[] passages,
    string[] inputs,
    string[] keys,
    IReadOnlyList<string> titleTerms,
    IReadOnlyList<string> bodyTerms)
{
    public RetrievalDocument Document { get; } = document;

    /// <summary>The passages as shown in hits.</summary>
    public string[] Passages { get; } = passages;

    /// <summary>What is embedded for each passage (with its role, region and section context).</summary>
    public string[] Inputs { get; } = inputs;

    /// <summary>The embedding cache key of each input.</summary>
    public string[] Keys { get; } = keys;

    public IReadOnlyList<string> TitleTerms { get; } = titleTerms;

    public IReadOnlyList<string> BodyTerms { get; } = bodyTerms;

    /// <summary>The vectors of the passages, one after another; null until embedded.</summary>
    public float[]? Vectors { get; private set; }

    /// <summary>Sets the vectors once, while the entry is being built and before any index shares it.</summary>
    public void SetVectors(float[] vectors)
    {
        if (Vectors is not null)
        {
            throw new InvalidOperationException($"Document '{Document.Id}' already has its vectors.");
        }

        Vectors = vectors;
    }
}
