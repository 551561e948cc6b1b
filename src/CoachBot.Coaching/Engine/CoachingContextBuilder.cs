using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CoachBot.Coaching.Intents;
using CoachBot.Coaching.Reasoning;
using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// Works out, without a model, what a turn is about and what it is grounded in: the intent; the role (one named in the
/// question wins over the profile's target role, then the current title); the region (named in the question, else the
/// profile's); the career assessment; and the sections that answer this intent.
/// </summary>
public sealed class CoachingContextBuilder(RoleContentLibrary library)
{
    /// <summary>The sections that answer each intent, most important first.</summary>
    private static readonly FrozenSectionMap SectionsByIntent = new()
    {
        [CoachingIntent.CareerPath] = [RoleSectionIds.CareerLevels, RoleSectionIds.HardSkills, RoleSectionIds.Tips],
        [CoachingIntent.SkillGaps] = [RoleSectionIds.HardSkills, RoleSectionIds.SoftSkills, RoleSectionIds.ActionPlan, RoleSectionIds.CareerLevels],
        [CoachingIntent.ResumeReview] = [RoleSectionIds.Resume, RoleSectionIds.Pitfalls, RoleSectionIds.HardSkills],
        [CoachingIntent.InterviewPrep] = [RoleSectionIds.Interview, RoleSectionIds.CareerLevels],
        [CoachingIntent.Salary] = [RoleSectionIds.Salary],
        [CoachingIntent.Certifications] = [RoleSectionIds.Education],
        [CoachingIntent.General] = [RoleSectionIds.Overview, RoleSectionIds.CareerLevels, RoleSectionIds.Tips],
        [CoachingIntent.OffTopic] = [],
    };

    public CoachingContext Build(CoachingRequest request)
    {
        var intent = FollowUp(request) ?? IntentClassifier.Classify(request.Question);
        var tenant = request.User.Tenant;
        var profile = request.Profile;
        var knownRoles = library.AllPages(tenant).Select(p => p.Role).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToImmutableArray();
        if (intent.Intent == CoachingIntent.OffTopic)
        {
            return new CoachingContext(request, intent, null, null, [], knownRoles);
        }

        var roleId = library.ResolveRole(tenant, request.Question)
            ?? (profile.TargetRole is { } target ? library.ResolveRole(tenant, target) : null)
            ?? (profile.CurrentTitle is { } title ? library.ResolveRole(tenant, title) : null);
        if (roleId is null)
        {
            return new CoachingContext(request, intent, null, null, [], knownRoles);
        }

        var page = ChooseRegion(tenant, roleId, request.Question, profile.Region);
        if (page is null)
        {
            return new CoachingContext(request, intent, null, null, [], knownRoles);
        }

        var sections = SectionsByIntent[intent.Intent].Select(page.Section).ToImmutableArray();
        return new CoachingContext(request, intent, page, CareerReasoner.Assess(profile, page), sections, knownRoles);
    }

    /// <summary>
    /// A long message right after an interview practice question is the answer to it, whatever words it uses.
    /// </summary>
    private static IntentMatch? FollowUp(CoachingRequest request)
    {
        if (request.RecentTurns.IsDefaultOrEmpty)
        {
            return null;
        }

        var previous = request.RecentTurns[^1];
        var words = request.Question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var own = IntentClassifier.Classify(request.Question);
        var askedPractice = previous.Reply.Contains("practice question", StringComparison.OrdinalIgnoreCase)
            || IntentClassifier.Classify(previous.Question).Intent == CoachingIntent.InterviewPrep;
        return askedPractice && words >= 20 && own.Intent is CoachingIntent.General or CoachingIntent.InterviewPrep
            ? new IntentMatch(CoachingIntent.InterviewPrep, 0.8, ["answer to the previous practice question"])
            : null;
    }

    private RolePage? ChooseRegion(Ids.TenantId tenant, string roleId, string question, string? profileRegion)
    {
        var pages = library.Find(tenant, roleId);
        var named = pages.FirstOrDefault(p => MentionsRegion(question, p));
        if (named is not null)
        {
            return named;
        }

        var regionId = library.ResolveRegion(tenant, roleId, profileRegion) ?? library.ResolveRegion(tenant, roleId, null);
        return (regionId is null ? null : library.Get(tenant, roleId, regionId)) ?? (pages.Count > 0 ? pages[0] : null);
    }

    private static bool MentionsRegion(string question, RolePage page) =>
        Regex.IsMatch(question, $@"\b({Regex.Escape(page.Region)}|{Regex.Escape(page.RegionId)})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private sealed class FrozenSectionMap : Dictionary<CoachingIntent, string[]>;
}
