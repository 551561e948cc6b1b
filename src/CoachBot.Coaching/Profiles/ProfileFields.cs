namespace CoachBot.Coaching.Profiles;

/// <summary>The field names and sources recorded in <see cref="CoachBot.Profiles.ProfileEvidence"/>.</summary>
public static class ProfileFields
{
    public const string TargetRole = "targetRole";
    public const string Region = "region";
    public const string CurrentTitle = "currentTitle";
    public const string Level = "level";
    public const string YearsOfExperience = "yearsOfExperience";
    public const string Skills = "skills";
    public const string Goals = "goals";
    public const string Certifications = "certifications";

    /// <summary>Source of a value learned from what the user said in a turn.</summary>
    public const string ConversationSource = "conversation";

    /// <summary>Source of a value the user entered or corrected themselves.</summary>
    public const string UserEditSource = "user-edit";
}
