using System.Collections.Immutable;
using System.Globalization;

namespace CoachBot.Coaching.RoleContent;

/// <summary>One career level of a role, from the "Career levels" section.</summary>
/// <param name="Name">The level's name and key, e.g. "Senior Backend Developer"; reused verbatim by salary and interview entries.</param>
/// <param name="MinYears">Years of relevant experience at which the level starts.</param>
/// <param name="MaxYears">Years at which the next level starts; null for the open-ended top level ("8+ years").</param>
/// <param name="Expectations">What is expected at this level, in one or two sentences.</param>
/// <param name="Milestones">Concrete milestones that show the level has been reached.</param>
public sealed record CareerLevel(string Name, int MinYears, int? MaxYears, string Expectations, ImmutableArray<string> Milestones)
{
    /// <summary>The years as the page writes them, e.g. "2–5 years" or "8+ years".</summary>
    public string YearsText => MaxYears is { } max
        ? string.Create(CultureInfo.InvariantCulture, $"{MinYears}–{max} years")
        : string.Create(CultureInfo.InvariantCulture, $"{MinYears}+ years");

    /// <summary>True when someone with <paramref name="years"/> of experience falls in this level (the upper bound is exclusive).</summary>
    public bool Covers(decimal years) => years >= MinYears && (MaxYears is not { } max || years < max);
}

/// <summary>A hard or soft skill and what doing it well looks like.</summary>
/// <param name="Name">A plain, common skill name such as "APIs" or "CI/CD"; match it case-insensitively.</param>
/// <param name="Description">One sentence describing what good looks like.</param>
public sealed record RoleSkill(string Name, string Description);

/// <summary>A real certification relevant to the role.</summary>
/// <param name="Name">The certification's official name, e.g. "Certified Kubernetes Administrator (CKA)".</param>
/// <param name="Issuer">Who issues it, e.g. "The Linux Foundation".</param>
/// <param name="WhenItHelps">When it is worth having.</param>
public sealed record RoleCertification(string Name, string Issuer, string WhenItHelps);

/// <summary>Interview themes and practice questions for one career level.</summary>
/// <param name="Level">The career level's name.</param>
/// <param name="Themes">What interviews at this level focus on.</param>
/// <param name="PracticeQuestions">Questions to practice with.</param>
public sealed record InterviewLevel(string Level, ImmutableArray<string> Themes, ImmutableArray<string> PracticeQuestions);

/// <summary>Next steps: what to do in the next 90 days and what to keep doing over time.</summary>
/// <param name="ShortTerm">Steps for the next 90 days.</param>
/// <param name="LongTerm">Longer-term, growth-minded habits and goals.</param>
public sealed record ActionPlan(ImmutableArray<string> ShortTerm, ImmutableArray<string> LongTerm);

/// <summary>Resume and ATS advice.</summary>
/// <param name="Advice">The plain advice bullets, in page order.</param>
/// <param name="AtsKeywords">How to mirror a posting's keywords.</param>
/// <param name="WeakBullet">An example of a weak resume bullet, without its quotes.</param>
/// <param name="StrongBullet">The same bullet rewritten with an outcome and a metric, without its quotes.</param>
public sealed record ResumeAdvice(ImmutableArray<string> Advice, string AtsKeywords, string WeakBullet, string StrongBullet);
