namespace CoachBot.Coaching.Retrieval;

/// <summary>
/// One document as the index holds it: its section passages and answer units, what is embedded for them (each distinct
/// input once, with its cache key), their vectors (one after another) and its analyzed lexical fields. Immutable once
/// built, so an updated index reuses the entries of every document that did not change, vectors and terms included.
/// </summary>
internal sealed class IndexEntry(
    RetrievalDocument document,
    string[] passages,
    int[] passageInputs,
    AnswerUnit[] units,
    int[] unitInputs,
    string[] inputs,
    IReadOnlyList<string> titleTerms,
    IReadOnlyList<string> bodyTerms,
    IReadOnlyList<string>[] unitTerms)
{
    public RetrievalDocument Document { get; } = document;

    /// <summary>The packed passages that score the section as a whole (a topic passage first), as shown in hits.</summary>
    public string[] Passages { get; } = passages;

    /// <summary>For each passage, the index of its embedding input in <see cref="Inputs"/>.</summary>
    public int[] PassageInputs { get; } = passageInputs;

    /// <summary>The answer units that passage searches return.</summary>
    public AnswerUnit[] Units { get; } = units;

    /// <summary>For each answer unit, the index of its embedding input in <see cref="Inputs"/>.</summary>
    public int[] UnitInputs { get; } = unitInputs;

    /// <summary>What is embedded (with role, region and section context), each distinct text once.</summary>
    public string[] Inputs { get; } = inputs;

    /// <summary>The embedding cache key of each input.</summary>
    public string[] Keys { get; } = [.. inputs.Select(PassageEmbeddingCache.KeyOf)];

    public IReadOnlyList<string> TitleTerms { get; } = titleTerms;

    public IReadOnlyList<string> BodyTerms { get; } = bodyTerms;

    /// <summary>The analyzed terms of each answer unit (its label or sub-heading included).</summary>
    public IReadOnlyList<string>[] UnitTerms { get; } = unitTerms;

    /// <summary>The vectors of the inputs, one after another; null until embedded.</summary>
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
