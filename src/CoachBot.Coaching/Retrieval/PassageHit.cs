namespace CoachBot.Coaching.Retrieval;

/// <summary>One answer unit of a role page found for a question, with the parts its score is made of.</summary>
/// <param name="Document">The section the passage belongs to (its id, title, role, region and version for citing it).</param>
/// <param name="Text">The passage's original line or lines as they appear in the section (bold markers removed), to quote.</param>
/// <param name="Context">The sub-heading or list label the passage sits under, if any, such as "Certifications".</param>
/// <param name="Score">Final score: <paramref name="SemanticPart"/> + <paramref name="LexicalPart"/> + <paramref name="SectionPart"/> + <paramref name="FormatPart"/>. Higher ranks first.</param>
/// <param name="Cosine">Raw cosine similarity between the question and the passage (embedded with its section context).</param>
/// <param name="Bm25">Raw BM25 score of the passage among all passages.</param>
/// <param name="SectionScore">The section's own hybrid score among the page's sections, from 0 to 1.</param>
/// <param name="SemanticPart">Weighted, normalized cosine that went into <paramref name="Score"/>.</param>
/// <param name="LexicalPart">Weighted, normalized BM25 that went into <paramref name="Score"/>.</param>
/// <param name="SectionPart">Weighted section score that went into <paramref name="Score"/>.</param>
/// <param name="FormatPart">What the page format says: the boost of a label the question cues, less the penalty of a career level it does not ask about.</param>
public sealed record PassageHit(
    RetrievalDocument Document,
    string Text,
    string? Context,
    double Score,
    double Cosine,
    double Bm25,
    double SectionScore,
    double SemanticPart,
    double LexicalPart,
    double SectionPart,
    double FormatPart);
