namespace CoachBot.Coaching.Profiles;

/// <summary>
/// Certifications by their official names (as on the role pages), with exam codes and the abbreviations people use.
/// A vendor named without a specific exam ("an AWS certification") maps to a general entry for that vendor.
/// </summary>
internal static class CertificationLexicon
{
    public static Lexicon Instance { get; } = new(
    [
        // Amazon Web Services
        E("AWS Certified Cloud Practitioner", "aws cloud practitioner", "aws ccp", "clf-c02"),
        E("AWS Certified Developer – Associate", "aws certified developer associate", "aws developer associate", "aws certified developer",
            "aws developer certification", "dva-c02"),
        E("AWS Certified Solutions Architect – Associate", "aws solutions architect associate", "aws saa", "saa-c03"),
        E("AWS Certified Solutions Architect – Professional", "aws solutions architect professional", "aws sap", "sap-c02"),
        E("AWS Certified Solutions Architect", "aws solutions architect"),
        E("AWS Certified SysOps Administrator – Associate", "aws sysops administrator", "aws sysops", "soa-c02"),
        E("AWS Certified DevOps Engineer – Professional", "aws devops engineer professional", "aws devops professional",
            "aws certified devops engineer", "aws devops engineer", "dop-c02"),
        E("AWS Certified Data Engineer – Associate", "aws data engineer associate", "aws certified data engineer", "dea-c01"),
        E("AWS Certified Security – Specialty", "aws security specialty"),
        E("AWS Certified Machine Learning – Specialty", "aws machine learning specialty"),
        E("AWS Certification", "aws certification", "aws certificate", "aws cert", "aws certified"),

        // Microsoft
        E("Microsoft Certified: Azure Fundamentals", "azure fundamentals", "az-900", "az900"),
        E("Microsoft Certified: Azure Administrator Associate", "azure administrator associate", "azure administrator", "az-104", "az104"),
        E("Microsoft Certified: Azure Developer Associate", "azure developer associate", "azure developer", "az-204", "az204"),
        E("Microsoft Certified: Azure Solutions Architect Expert", "azure solutions architect expert", "azure solutions architect", "az-305"),
        E("Microsoft Certified: DevOps Engineer Expert", "azure devops engineer expert", "azure devops engineer", "az-400"),
        E("Microsoft Certified: Azure Data Engineer Associate", "azure data engineer associate", "azure data engineer", "dp-203"),
        E("Microsoft Certified: Fabric Data Engineer Associate", "fabric data engineer associate", "fabric data engineer", "dp-700"),
        E("Microsoft Certified: Azure AI Fundamentals", "azure ai fundamentals", "ai-900"),
        E("Microsoft Certified: Azure Data Fundamentals", "azure data fundamentals", "dp-900"),
        E("Microsoft Azure Certification", "azure certification", "azure certificate", "azure cert", "azure certified"),

        // Google Cloud
        E("Google Cloud Associate Cloud Engineer", "gcp associate cloud engineer", "associate cloud engineer", "gcp ace"),
        E("Google Cloud Professional Cloud Architect", "gcp professional cloud architect", "professional cloud architect", "gcp pca"),
        E("Google Cloud Professional Data Engineer", "gcp professional data engineer", "gcp data engineer", "professional data engineer"),
        E("Google Cloud Professional Cloud Developer", "gcp professional cloud developer", "professional cloud developer"),
        E("Google Cloud Professional Cloud DevOps Engineer", "gcp professional cloud devops engineer", "professional cloud devops engineer"),
        E("Google Cloud Certification", "gcp certification", "gcp certificate", "gcp cert", "gcp certified", "google cloud certification",
            "google cloud certified"),

        // Kubernetes, Linux and infrastructure
        E("Certified Kubernetes Administrator (CKA)", "certified kubernetes administrator", "cka"),
        E("Certified Kubernetes Application Developer (CKAD)", "certified kubernetes application developer", "ckad"),
        E("Certified Kubernetes Security Specialist (CKS)", "certified kubernetes security specialist", "cks"),
        E("Kubernetes and Cloud Native Associate (KCNA)", "kubernetes and cloud native associate", "kcna"),
        E("HashiCorp Certified: Terraform Associate", "terraform associate", "terraform certification", "terraform certified"),
        E("Red Hat Certified System Administrator (RHCSA)", "rhcsa"),
        E("Red Hat Certified Engineer (RHCE)", "rhce"),
        E("Linux Foundation Certified System Administrator (LFCS)", "lfcs"),
        E("CompTIA Security+", "security+", "comptia security plus", "sec+"),
        E("CompTIA Network+", "network+", "comptia network plus"),
        E("CompTIA A+", "comptia a+"),
        E("Cisco CCNA", "ccna"),
        E("Cisco CCNP", "ccnp"),
        E("CISSP"),
        E("CISM"),
        E("Certified Ethical Hacker (CEH)", "certified ethical hacker", "ceh"),
        E("OSCP"),

        // Data
        E("Databricks Certified Data Engineer Associate", "databricks data engineer associate", "databricks certified data engineer",
            "databricks certification"),
        E("SnowPro Core Certification", "snowpro core", "snowpro"),
        E("Google Data Analytics Professional Certificate", "google data analytics certificate", "google data analytics certification"),

        // Testing and quality
        E("ISTQB Certified Tester Foundation Level (CTFL)", "istqb foundation level", "istqb foundation", "istqb ctfl", "ctfl"),
        E("ISTQB Certified Tester Advanced Level Test Automation Engineering (CTAL-TAE)", "ctal-tae", "istqb test automation engineer",
            "istqb test automation engineering", "istqb advanced test automation"),
        E("ISTQB Certified Tester", "istqb certification", "istqb certified", "istqb"),
        E("Certified Software Quality Engineer (CSQE)", "certified software quality engineer", "csqe"),

        // Product, project and agile
        E("Certified Scrum Product Owner (CSPO)", "certified scrum product owner", "cspo"),
        E("Certified ScrumMaster (CSM)", "certified scrummaster", "certified scrum master", "csm"),
        E("Professional Scrum Master I (PSM I)", "professional scrum master", "psm i", "psm 1", "psm1", "psm"),
        E("Professional Scrum Product Owner I (PSPO I)", "professional scrum product owner", "pspo i", "pspo 1", "pspo"),
        E("Scrum Certification", "scrum certification", "scrum certificate", "scrum cert", "scrum certified"),
        E("Project Management Professional (PMP)", "project management professional", "pmp"),
        E("Certified Associate in Project Management (CAPM)", "certified associate in project management", "capm"),
        E("PMI Agile Certified Practitioner (PMI-ACP)", "pmi-acp", "pmi acp"),
        E("PRINCE2", "prince 2", "prince2 foundation", "prince2 practitioner"),
        E("ITIL 4 Foundation", "itil foundation", "itil 4", "itil v4", "itil"),
        E("SAFe Agilist", "safe agilist", "safe certification", "safe certified"),
        E("AIPMM Certified Product Manager (CPM)", "aipmm certified product manager", "aipmm cpm"),
        E("Pragmatic Institute Product Management Certification (PMC)", "pragmatic institute certification", "pragmatic pmc",
            "pragmatic institute product management certification"),

        // Architecture, frontend and accessibility
        E("iSAQB Certified Professional for Software Architecture – Foundation Level (CPSA-F)", "cpsa-f", "cpsa", "isaqb certification",
            "isaqb foundation level", "isaqb"),
        E("Meta Front-End Developer Professional Certificate", "meta front-end developer certificate", "meta front end developer certificate",
            "meta front-end certificate", "meta front end certificate"),
        E("Certified Professional in Accessibility Core Competencies (CPACC)", "cpacc"),
        E("Web Accessibility Specialist (WAS)", "web accessibility specialist", "iaap was"),
        E("Oracle Certified Professional: Java SE Developer", "oracle certified professional java", "ocp java", "ocpjp", "oracle java certification"),
    ]);

    private static LexiconEntry E(string canonical, params string[] aliases) => LexiconEntry.Of(canonical, aliases);
}
