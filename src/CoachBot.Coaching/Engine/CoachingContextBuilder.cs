using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CoachBot.Coaching.Intents;
using CoachBot.Coaching.Reasoning;
using CoachBot.Coaching.Retrieval;
using CoachBot.Coaching.RoleContent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching.Engine;

/// <summary>
/// Works out, without a model, what a turn is about and what it is grounded in: the intent; the role (one named in the
/// question wins over the profile's target role, then the current title); the region (named in the question, else the
/// profile's); the career assessment; and the sections that answer this intent.
/// </summary>
public sealed partial class CoachingContextBuilder(
    RoleContentLibrary library,
    HybridRetriever retriever,
    IOptions<RetrievalOptions> retrievalOptions,
    ILogger<CoachingContextBuilder> logger)
{
    /// <summary>Most sections given to the model: the intent's own, then the best retrieved ones.</summary>
    public const int MaxSections = 5;

    /// <summary>Retrieved sections added beyond the intent's own.</summary>
    public const int MaxRetrievedExtra = 2;

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

    public async Task<CoachingContext> BuildAsync(CoachingRequest request, CancellationToken cancellationToken)
    {
        var own = IntentClassifier.Classify(request.Question);
        var intent = FollowUp(request, own) ?? own;
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

        var primary = SectionsByIntent[intent.Intent].Select(page.Section).ToList();
        var retrieved = await RetrieveAsync(request, page, cancellationToken);
        var extra = retrieved.Where(s => !primary.Any(p => p.SectionId == s.SectionId)).Take(MaxRetrievedExtra);
        var sections = primary.Concat(extra).Take(MaxSections).ToImmutableArray();
        return new CoachingContext(request, intent, page, CareerReasoner.Assess(profile, page), sections, knownRoles, retrieved);
    }

    /// <summary>
    /// The page's sections ranked by meaning and wording against the question. A turn never waits for the index longer than
    /// <see cref="RetrievalOptions.TurnWaitForIndex"/>: without it the reply still has the intent's own sections.
    /// </summary>
    private async Task<ImmutableArray<RoleSection>> RetrieveAsync(CoachingRequest request, RolePage page, CancellationToken cancellationToken)
    {
        try
        {
            var index = await retriever.WaitUntilReadyAsync(cancellationToken).WaitAsync(retrievalOptions.Value.TurnWaitForIndex, cancellationToken);
            var hits = index.Search(new RetrievalQuery(request.Question, request.User.Tenant.Value, page.RoleId, page.RegionId, TopK: 12));
            return
            [
                .. hits
                    .Where(h => h.Document.RoleId == page.RoleId && h.Document.RegionId == page.RegionId)
                    .Select(h => page.Sections.FirstOrDefault(s => s.SectionId == h.Document.SectionId))
                    .OfType<RoleSection>()
                    .Take(3),
            ];
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogRetrievalUnavailable(ex, retriever.State);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrieval index not available ({State}); answering from the intent's sections")]
    private partial void LogRetrievalUnavailable(Exception exception, RetrievalIndexState state);

    /// <summary>
    /// A long message right after an interview practice question is the answer to it, whatever words it uses.
    /// </summary>
    private static IntentMatch? FollowUp(CoachingRequest request, IntentMatch own)
    {
        if (request.RecentTurns.IsDefaultOrEmpty)
        {
            return null;
        }

        var previous = request.RecentTurns[^1];
        var words = request.Question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
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
