namespace CoachBot.Coaching.Profiles;

internal static partial class SkillLexicon
{
    // The hard and soft skills named on the role pages, plus closely related practices.
    private static IEnumerable<LexiconEntry> Practices() =>
    [
        // Engineering
        E("APIs", "api", "restful", "rest api", "rest apis", "restful apis", "web api", "web apis", "api design"),
        E("Algorithms", "algorithm", "algos"),
        E("Data structures", "data structure"),
        E("Design patterns", "design pattern"),
        E("System design", "systems design"),
        E("Software architecture", "architecture"),
        E("Microservices", "microservice", "micro-services"),
        E("Distributed systems"),
        E("Testing", "unit testing", "unit tests", "integration testing", "integration tests"),
        E("Test-driven development", "tdd"),
        E("CI/CD", "ci cd", "cicd", "ci", "continuous integration", "continuous delivery", "continuous deployment"),
        E("SQL and databases", "databases", "database", "database design"),
        E("Cloud platforms", "cloud", "cloud computing"),
        E("Data protection", "gdpr", "dsgvo", "data privacy"),
        E("Security", "cybersecurity", "application security", "appsec", "infosec"),
        E("Networking"),
        E("Observability", "monitoring"),
        E("Containers", "containerization", "container"),
        E("Infrastructure as code", "iac"),
        E("Scripting"),
        E("Incident response", "incident management"),
        E("Debugging"),
        E("Code review", "code reviews"),

        // Frontend
        E("Accessibility", "a11y", "wcag", "web accessibility"),
        E("Responsive design"),
        E("Web performance", "core web vitals", "frontend performance"),

        // Data
        E("Data modeling", "data modelling", "dimensional modeling", "dimensional modelling"),
        E("Data quality"),
        E("Data warehousing", "data warehouse", "data warehouses"),
        E("ETL and ELT", "etl", "elt", "etl/elt", "data pipelines"),
        E("Streaming", "stream processing", "event streaming"),
        E("Workflow orchestration", "orchestration"),
        E("Data analysis", "data analytics", "analytics"),
        E("Statistics", "stats"),
        E("Machine learning", "ml"),
        E("Deep learning"),
        E("Natural language processing", "nlp"),
        E("Large language models", "llm", "llms", "generative ai", "genai"),

        // Quality
        E("Test automation", "automation testing", "automated testing"),
        E("Test design"),
        E("API testing"),
        E("Performance testing", "load testing"),
        E("Exploratory testing"),
        E("Manual testing"),
        E("Bug reporting"),

        // Product
        E("Product discovery"),
        E("Product strategy"),
        E("Roadmapping", "roadmaps", "roadmap planning"),
        E("Requirements writing", "user stories", "requirements gathering"),
        E("Experimentation", "a/b testing", "ab testing", "a/b tests"),
        E("Go-to-market", "gtm"),
        E("Technical fluency"),
        E("Prioritization", "prioritisation"),

        // Management
        E("Hiring", "recruiting"),
        E("Coaching"),
        E("Mentoring"),
        E("Leadership", "team leadership", "people management"),
        E("Budgeting"),
        E("Project planning", "project management"),
        E("Technical strategy"),
        E("Engineering metrics", "dora metrics"),
        E("Performance management"),
        E("Agile practices", "agile", "scrum", "kanban"),

        // Soft skills
        E("Communication", "communication skills", "communicating"),
        E("Public speaking"),
        E("Collaboration", "teamwork"),
        E("Problem solving", "problem-solving"),
        E("Stakeholder management", "managing stakeholders"),
        E("Time management"),
        E("Attention to detail"),
        E("Curiosity"),
        E("Critical thinking"),
        E("Empathy"),
        E("Customer empathy"),
        E("User empathy"),
        E("Decision making", "decision-making"),
        E("Influence"),
        E("Conflict resolution"),
        E("Calm under pressure"),
        E("Ownership"),
    ];
}
