namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Job-title vocabulary: the nouns a title ends in, the content's roles with their aliases (content/roles/*.md),
/// the fields people move into, and career levels.
/// </summary>
internal static class RoleLexicon
{
    /// <summary>The noun a job title ends in ("engineer", "analyst", "head of product", ...).</summary>
    public const string Head =
        @"(?:engineer|developer|dev|sde|swe|programmer|coder|analyst|scientist|architect|manager|lead|designer|tester|administrator"
        + @"|admin|consultant|specialist|sdet|sre|pm|apm|owner|scrum\s+master|director|officer|cto|cio|ceo|vp|head\s+of\s+[\w-]+"
        + @"|intern|technician|coordinator|researcher|writer|recruiter|teacher|nurse|accountant|student|marketer|strategist"
        + @"|executive|founder|freelancer|contractor|instructor|lecturer|professor|agent|representative|assistant|supervisor"
        + @"|auditor|banker|journalist|editor|translator|trainer|operator|clerk|salesperson)s?";

    /// <summary>A word that can stand before the head of a title: not a function word that would join two phrases.</summary>
    public const string Modifier =
        @"(?:(?!(?:at|in|on|for|with|and|or|of|the|a|an|my|our|to|from|who|that|which|but|since|as|is|was|am|are|be|by|into"
        + @"|than|like|i|i'm|im|it|this|so|because|if|when|while|not|no|looking|trying|want|wants|hoping|planning|working"
        + @"|currently|now|also|just|here|there|role|job|position)\b)[\w.#+/&'-]+\s+)";

    /// <summary>A job title: up to five modifiers and a head.</summary>
    public const string Title = "(?<role>" + Modifier + "{0,5}" + Head + @")\b";

    /// <summary>A career level word.</summary>
    public const string LevelWord =
        @"(?:junior|jr\.?|entry[\s-]level|mid[\s-]?level|mid|intermediate|senior|sr\.?|staff|principal|lead)";

    /// <summary>The roles of the role pages, by their display name, with the aliases people use for them.</summary>
    public static Lexicon Roles { get; } = new(
    [
        LexiconEntry.Of("Backend Developer", "backend engineer", "server-side developer", "api developer", "back-end developer",
            "backend software engineer", "backend-entwickler", "softwareentwickler backend", "back-end engineer", "backend dev"),
        LexiconEntry.Of("Data Engineer", "big data engineer", "etl developer", "data platform engineer", "analytics engineer",
            "data pipeline engineer"),
        LexiconEntry.Of("DevOps Engineer", "sre", "site reliability engineer", "platform engineer", "devops",
            "infrastructure engineer", "cloud engineer"),
        LexiconEntry.Of("Engineering Manager", "software engineering manager", "development manager", "team lead",
            "tech lead manager", "head of engineering", "director of engineering"),
        LexiconEntry.Of("Frontend Developer", "frontend engineer", "front-end developer", "ui developer", "web developer",
            "react developer", "javascript developer", "front-end engineer", "frontend dev"),
        LexiconEntry.Of("Product Manager", "pm", "product owner", "technical product manager", "digital product manager",
            "associate product manager", "apm"),
        LexiconEntry.Of("QA Engineer", "sdet", "test automation engineer", "software development engineer in test",
            "quality assurance engineer", "software tester", "qa analyst", "qa", "tester"),
    ]);

    /// <summary>Fields people move into ("product management"), mapped to the role that works in them.</summary>
    public static Lexicon Fields { get; } = new(
    [
        LexiconEntry.LabelOf("Product Manager", "product management", "product ownership", "product"),
        LexiconEntry.LabelOf("Data Engineer", "data engineering"),
        LexiconEntry.LabelOf("DevOps Engineer", "devops", "site reliability engineering", "site reliability", "sre",
            "platform engineering", "cloud engineering", "infrastructure"),
        LexiconEntry.LabelOf("Frontend Developer", "frontend", "front-end development", "frontend development", "web development"),
        LexiconEntry.LabelOf("Backend Developer", "backend", "back-end development", "backend development"),
        LexiconEntry.LabelOf("Full-Stack Developer", "full-stack", "full stack development", "full-stack development", "fullstack"),
        LexiconEntry.LabelOf("QA Engineer", "qa", "quality assurance", "software testing", "testing", "test automation"),
        LexiconEntry.LabelOf("Engineering Manager", "engineering management", "people management", "management"),
        LexiconEntry.LabelOf("Data Scientist", "data science"),
        LexiconEntry.LabelOf("Data Analyst", "data analytics", "data analysis", "analytics"),
        LexiconEntry.LabelOf("Machine Learning Engineer", "machine learning", "ml", "ai", "artificial intelligence", "mlops"),
        LexiconEntry.LabelOf("Security Engineer", "cybersecurity", "cyber security", "security", "infosec"),
        LexiconEntry.LabelOf("UX Designer", "ux", "ux design", "ui/ux", "ui/ux design", "user experience design"),
        LexiconEntry.LabelOf("Mobile Developer", "mobile development", "ios development", "android development"),
        LexiconEntry.LabelOf("Software Engineer", "software engineering", "software development", "programming", "coding",
            "engineering"),
        LexiconEntry.LabelOf("Project Manager", "project management"),
        LexiconEntry.LabelOf("Solutions Architect", "solutions architecture", "solution architecture"),
    ]);

    /// <summary>The profile's name for a level word: "mid level" is "Mid-level", "sr." is "Senior".</summary>
    public static string? Level(string word) =>
        word.Trim().TrimEnd('.').ToUpperInvariant().Replace(' ', '-') switch
        {
            "JUNIOR" or "JR" or "ENTRY-LEVEL" => "Junior",
            "MID" or "MID-LEVEL" or "MIDLEVEL" or "INTERMEDIATE" => "Mid-level",
            "SENIOR" or "SR" => "Senior",
            "STAFF" => "Staff",
            "PRINCIPAL" => "Principal",
            "LEAD" => "Lead",
            _ => null,
        };

    /// <summary>Title words with a fixed spelling.</summary>
    public static IReadOnlyDictionary<string, string> Spellings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["qa"] = "QA", ["sre"] = "SRE", ["sdet"] = "SDET", ["devops"] = "DevOps", ["devsecops"] = "DevSecOps", ["mlops"] = "MLOps",
        ["ml"] = "ML", ["ai"] = "AI", ["ui"] = "UI", ["ux"] = "UX", ["ui/ux"] = "UI/UX", ["it"] = "IT", ["bi"] = "BI",
        ["etl"] = "ETL", ["api"] = "API", ["ios"] = "iOS", [".net"] = ".NET", ["php"] = "PHP", ["sql"] = "SQL", ["cto"] = "CTO",
        ["cio"] = "CIO", ["ceo"] = "CEO", ["vp"] = "VP", ["hr"] = "HR", ["pm"] = "PM", ["apm"] = "APM", ["seo"] = "SEO",
        ["crm"] = "CRM", ["erp"] = "ERP", ["sap"] = "SAP", ["aws"] = "AWS", ["gcp"] = "GCP", ["nlp"] = "NLP", ["of"] = "of",
        ["dev"] = "Developer", ["devs"] = "Developers", ["fullstack"] = "Full-Stack", ["frontend"] = "Frontend", ["backend"] = "Backend",
    };
}
