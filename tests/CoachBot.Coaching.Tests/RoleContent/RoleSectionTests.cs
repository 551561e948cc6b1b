using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Tests.RoleContent;

public sealed class RoleSectionTests
{
    [Fact]
    public void A_citation_carries_a_short_section_whole()
    {
        var section = new RoleSection("backend-developer", "usa", "2026.11.1", "certifications", "Certifications", "- AWS Developer Associate\n- CKAD");

        var citation = section.ToCitation();

        Assert.Equal(("backend-developer", "usa", "certifications", "Certifications", "2026.11.1"), (citation.RoleId, citation.Region, citation.SectionId, citation.SectionTitle, citation.ContentVersion));
        Assert.Equal("- AWS Developer Associate\n- CKAD", citation.Passage);
    }

    [Fact]
    public void A_citation_of_a_long_section_carries_its_opening_lines_marked_as_cut()
    {
        var lines = Enumerable.Range(1, 40).Select(i => $"- Point {i} about designing reliable services and their interfaces").ToList();
        var section = new RoleSection("backend-developer", "usa", "2026.11.1", "hard-skills", "Hard skills", string.Join('\n', lines));

        var passage = section.ToCitation().Passage!;

        Assert.True(passage.Length <= RoleSection.PassageLength + 2, $"{passage.Length} characters");
        Assert.StartsWith(lines[0] + "\n" + lines[1], passage, StringComparison.Ordinal);
        Assert.EndsWith(" …", passage, StringComparison.Ordinal);
        var kept = passage[..^2];
        Assert.Contains(kept.Split('\n')[^1], lines);
    }
}
