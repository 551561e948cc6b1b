namespace CoachBot.Coaching.Tests.Retrieval;

/// <summary>
/// Paraphrased questions and the section that should answer them. Questions avoid the headings' words where a person
/// would too. Expected ids are "role/region/section" patterns where "*" matches anything.
/// </summary>
public static class RankingCases
{
    /// <summary>Questions whose answer must rank first.</summary>
    public static readonly IReadOnlyList<RankingCase> Clear =
    [
        new("how much money can a mid level backend person make", null, "usa", "backend-developer/usa/salary"),
        new("how much money can a mid level backend person make", null, "germany", "backend-developer/germany/salary"),
        new("what should I put on my CV so the screening software picks it up", null, null, "*/*/resume"),
        new("which certificates are worth getting for cloud", null, null, "*/*/education"),
        new("what does someone with 6 years do differently", "backend-developer", null, "backend-developer/*/career-levels"),
        new("common mistakes people make", null, null, "*/*/pitfalls"),
        new("questions they ask in interviews for juniors", null, null, "*/*/interview"),
        new("how do I plan the next three months", null, null, "*/*/action-plan"),
        new("communication and working with stakeholders", null, null, "*/*/soft-skills"),
        new("what skills do I need", "data-engineer", null, "data-engineer/usa/hard-skills"),
        new("do I need a university degree to get hired as a frontend dev", null, null, "frontend-developer/usa/education"),
        new("what tools and technical abilities should a data pipeline engineer master", null, null, "data-engineer/usa/hard-skills"),
        new("what separates a senior from a mid-level engineer", "backend-developer", null, "backend-developer/*/career-levels"),
        new("what makes a strong bullet point on my CV", null, null, "*/*/resume"),
        new("what does a product manager actually do day to day", null, null, "product-manager/usa/overview"),
        new("advice for doing well as a QA engineer", null, null, "qa-engineer/usa/tips"),
        new("what will they ask me in a backend interview at senior level", null, null, "backend-developer/*/interview"),
        new("what traps should new engineering managers avoid", null, null, "engineering-manager/usa/pitfalls"),
        new("what is the pay range for a test automation engineer", null, null, "qa-engineer/usa/salary"),
        new("is an AWS or Kubernetes credential useful for platform engineers", null, null, "devops-engineer/usa/education"),
        new("which technologies should a frontend developer be strong in", null, null, "frontend-developer/usa/hard-skills"),
        new("which practice questions come up when interviewing for a senior product role", null, null, "product-manager/usa/interview"),
        new("what are the stages from junior to principal for backend folks", null, null, "backend-developer/*/career-levels"),
        new("give me concrete steps for the coming weeks", "data-engineer", null, "data-engineer/usa/action-plan"),
        new("what kind of work does a data engineer do", null, null, "data-engineer/usa/overview"),
        new("how can I get promoted to the next level", "frontend-developer", null, "frontend-developer/usa/career-levels"),
        new("is remote work realistic for devops people", null, null, "devops-engineer/usa/overview"),
        new("which people skills matter most", "product-manager", null, "product-manager/usa/soft-skills"),
        new("how much do they earn", "engineering-manager", null, "engineering-manager/usa/salary"),
        new("any advice to stand out", "frontend-developer", null, "frontend-developer/usa/tips"),
        new("how many years until I am considered senior", "devops-engineer", null, "devops-engineer/usa/career-levels"),
        new("what do employers look for in the education of a data engineer", null, null, "data-engineer/usa/education"),
        new("how should I word my experience so recruiters notice results", null, null, "*/*/resume"),
        new("where does a QA person fit in the team and is there demand", null, null, "qa-engineer/usa/overview"),
        new("what do hiring panels test product managers on", null, null, "product-manager/usa/interview"),
    ];

    /// <summary>Questions that another section answers almost as well; the expected one must be in the top 3.</summary>
    public static readonly IReadOnlyList<RankingCase> Ambiguous =
    [
        new("which interpersonal strengths does an engineering manager need", null, null, "engineering-manager/usa/soft-skills"),
        new("what are the things to avoid in my first year", "qa-engineer", null, "qa-engineer/usa/pitfalls"),
        new("what should I study or which courses help", "devops-engineer", "usa", "devops-engineer/usa/education"),
    ];

    public static IEnumerable<RankingCase> All => Clear.Concat(Ambiguous);

    public static TheoryData<string, string?, string?, string> ClearData() => ToTheoryData(Clear);

    public static TheoryData<string, string?, string?, string> AmbiguousData() => ToTheoryData(Ambiguous);

    private static TheoryData<string, string?, string?, string> ToTheoryData(IEnumerable<RankingCase> cases)
    {
        var data = new TheoryData<string, string?, string?, string>();
        foreach (var c in cases)
        {
            data.Add(c.Question, c.PreferredRoleId, c.PreferredRegionId, c.Expected);
        }

        return data;
    }
}

/// <summary>A question, the user's role and region, and the expected "role/region/section" pattern.</summary>
public sealed record RankingCase(string Question, string? PreferredRoleId, string? PreferredRegionId, string Expected)
{
    public static bool Matches(string expected, string documentId)
    {
        var want = expected.Split('/');
        var have = documentId.Split('/');
        return want.Length == have.Length && want.Zip(have).All(p => p.First == "*" || p.First == p.Second);
    }
}
