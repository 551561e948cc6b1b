namespace CoachBot.Profiles;

/// <summary>The bounds of a career profile, whether a user edits it or CoachBot learns it from conversation.</summary>
public static class ProfileLimits
{
    /// <summary>Longest text field (target role, region, title, level, certification).</summary>
    public const int MaxTextLength = 120;

    public const int MaxSkills = 60;

    public const int MaxSkillNameLength = 60;

    public const int MaxGoals = 20;

    public const int MaxGoalLength = 300;

    public const int MaxCertifications = 30;

    /// <summary>Most years of experience accepted.</summary>
    public const decimal MaxYears = 60;
}
