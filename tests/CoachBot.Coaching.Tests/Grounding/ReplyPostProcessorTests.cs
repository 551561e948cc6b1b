using System.Collections.Immutable;
using CoachBot.Coaching.Grounding;
using CoachBot.Coaching.RoleContent;
using CoachBot.Conversations;

namespace CoachBot.Coaching.Tests.Grounding;

public sealed class ReplyPostProcessorTests
{
    private const string Figure = ReplyPostProcessor.UnknownFigure;
    private const string Certification = ReplyPostProcessor.UnconfirmedCertification;

    private static readonly RoleSection Salary = new("backend-developer", "usa", "2026.11.1", "salary", "Salary and market signals",
        "- Backend Developer (2–5 years): USD 110,000–145,000 base (USA, as of 2026-06)\n- Senior Backend Developer (5–8 years): USD 140,000–185,000 base (USA, as of 2026-06)");

    private static readonly RoleSection Education = new("backend-developer", "usa", "2026.11.1", "education", "Education and certifications",
        "Certifications:\n- AWS Certified Developer – Associate (Amazon Web Services) — Useful for AWS shops.\n- Certified Kubernetes Administrator (CKA) (The Linux Foundation)");

    private static readonly RoleSection Skills = new("backend-developer", "usa", "2026.11.1", "hard-skills", "Hard skills", "- APIs\n- SQL");

    // Texts with every construct the processor judges; each must come out the same however the model splits it.
    public static TheoryData<string, string> Replies => new()
    {
        { "Start with SQL [3], then APIs [1]. Keep at SQL [3].", "Start with SQL [1], then APIs [2]. Keep at SQL [1]." },
        { "Grow [2][3] and lead [3, 1], again [1,3].", "Grow [1][2] and lead [2, 3], again [3,2]." },
        { "Grow [1] and lead [4]. Also [2, 7] and [9][3].", "Grow [1] and lead. Also [2] and [3]." },
        { "You could earn USD 400,000 as a senior [1].", $"You could earn {Figure} as a senior [1]." },
        { "Or USD400,000 in a year, or EUR 90k.", $"Or {Figure} in a year, or {Figure}." },
        { "Expect USD 110,000–145,000 [1], or $140,000 to $185,000 later; 145k USD is the top.", "Expect USD 110,000–145,000 [1], or $140,000 to $185,000 later; 145k USD is the top." },
        { "Offers of 250k USD, €80,000 and 65.000 € happen.\nPay is around $200k-$210k.", $"Offers of {Figure}, {Figure} and {Figure} happen.\nPay is around {Figure}." },
        {
            "Get the AWS Certified Developer – Associate first, then the CKA or the Google Professional Cloud Architect certification.",
            $"Get the AWS Certified Developer – Associate first, then the CKA or the {Certification} certification."
        },
        { "Add the Certified Scrum Master badge and the CISSP later.", $"Add the {Certification} badge and the {Certification} later." },
        { "Link [docs](https://example.com/a?b=1) and tick [ ] and [x] and [2026-06].", "Link [docs](https://example.com/a?b=1) and tick [ ] and [x] and [2026-06]." },
        { "In 30 days, ship 2 APIs; AWS shops and Azure teams hire. Red flags: none.", "In 30 days, ship 2 APIs; AWS shops and Azure teams hire. Red flags: none." },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void A_reply_comes_out_the_same_wherever_the_chunks_split_it(string reply, string expected)
    {
        var whole = Run(reply);
        Assert.Equal(expected, whole.Text);

        for (var split = 1; split < reply.Length; split++)
        {
            var parts = Run(reply[..split], reply[split..]);
            Assert.True(whole == parts, $"split at {split}: \"{parts.Text}\"");
        }

        Assert.Equal(whole, Run([.. reply.Select(c => c.ToString())]));
        Assert.Equal(whole, Run([.. reply.Chunk(3).Select(c => new string(c))]));
    }

    [Fact]
    public void Markers_are_renumbered_in_order_of_first_use_and_only_used_sources_are_cited()
    {
        var result = Run("Learn SQL [3], then APIs [1].");

        Assert.Equal("Learn SQL [1], then APIs [2].", result.Text);
        Assert.Equal([Salary.ToCitation(), Skills.ToCitation()], result.Citations);
        Assert.Empty(result.Flags);
    }

    [Fact]
    public void Unknown_markers_are_removed_with_their_leading_space_and_flagged()
    {
        var result = Run("Lead a project [4]. Mentor [2, 5].");

        Assert.Equal("Lead a project. Mentor [1].", result.Text);
        Assert.Equal([Education.ToCitation()], result.Citations);
        Assert.Equal(
            [new GroundingFlag(GroundingCheck.CitationKind, "[4]", ReplyPostProcessor.Removed), new GroundingFlag(GroundingCheck.CitationKind, "[5]", ReplyPostProcessor.Removed)],
            result.Flags);
    }

    [Fact]
    public void Without_sources_every_marker_is_removed()
    {
        var result = Run([], "Plan ahead [1]. Then [2][3] act.\n[1] Done.");

        Assert.Equal("Plan ahead. Then act.\n Done.", result.Text);
        Assert.Empty(result.Citations);
        Assert.Equal(["[1]", "[2]", "[3]", "[1]"], result.Flags.Select(f => f.Text));
    }

    [Fact]
    public void An_invented_figure_is_replaced_and_flagged_while_grounded_ones_stay()
    {
        var result = Run("Now USD 110,000–145,000 [1]; later USD 400,000 [1].");

        Assert.Equal($"Now USD 110,000–145,000 [1]; later {Figure} [1].", result.Text);
        Assert.Equal([new GroundingFlag(GroundingCheck.SalaryKind, "USD 400,000", ReplyPostProcessor.Replaced)], result.Flags);
        Assert.Empty(GroundingCheck.Check(result.Text, [Salary]));
    }

    [Fact]
    public void Certifications_not_in_the_content_are_replaced_and_flagged()
    {
        var result = Run("Take the CKA, then the CKAD and the HashiCorp Certified: Terraform Associate.");

        Assert.Equal($"Take the CKA, then the {Certification} and the {Certification}.", result.Text);
        Assert.Equal(
            [(GroundingCheck.CertificationKind, "CKAD"), (GroundingCheck.CertificationKind, "HashiCorp Certified: Terraform Associate")],
            result.Flags.Select(f => (f.Kind, f.Text)));
    }

    [Fact]
    public void Plain_text_passes_at_once_and_untouched()
    {
        var processor = new ReplyPostProcessor([Skills, Education, Salary]);
        const string Chunk = "Write down the outcome you want.\n";

        Assert.Same(Chunk, processor.Push(Chunk));
        Assert.Equal("Then", processor.Push("Then"));
        Assert.Equal(" ship it", processor.Push(" ship it "));
        Assert.Equal(" ", processor.Complete());
    }

    [Fact]
    public void Text_held_back_is_released_at_the_end_of_the_stream()
    {
        var processor = new ReplyPostProcessor([Skills, Education, Salary]);

        Assert.Equal("Your target is ", processor.Push("Your target is USD"));
        Assert.Equal("", processor.Push(" 120"));
        Assert.Equal("", processor.Push(",000 [2"));
        Assert.Equal($"{Figure} [2", processor.Complete());
        Assert.Equal("", processor.Complete());
    }

    [Fact]
    public void A_span_is_held_only_until_its_sentence_ends()
    {
        var processor = new ReplyPostProcessor([Skills, Education, Salary]);

        Assert.Equal("Consider ", processor.Push("Consider AWS"));
        Assert.Equal("", processor.Push(" training"));
        Assert.Equal("AWS training. More", processor.Push(". More"));
        Assert.Equal("", processor.Complete());
    }

    private static Result Run(params string[] pieces) => Run([Skills, Education, Salary], pieces);

    private static Result Run(ImmutableArray<RoleSection> sources, params string[] pieces)
    {
        var processor = new ReplyPostProcessor(sources);
        var text = string.Concat(pieces.Select(processor.Push)) + processor.Complete();
        return new Result(text, [.. processor.Citations], [.. processor.Flags]);
    }

    private sealed record Result(string Text, EquatableList<Citation> Citations, EquatableList<GroundingFlag> Flags);

    /// <summary>A list compared by its items, so whole results compare with ==.</summary>
    private sealed class EquatableList<T> : List<T>, IEquatable<EquatableList<T>>
    {
        public bool Equals(EquatableList<T>? other) => other is not null && this.SequenceEqual(other);

        public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

        public override int GetHashCode() => Count;
    }
}
