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

    /// <summary>Works out the turn's context.</summary>
    /// <param name="request">The turn.</param>
    /// <param name="defaultRole">The tenant's default role (name, id or alias), answered for while the person has not named theirs.</param>
    /// <param name="cancellationToken">Stops retrieval.</param>
    public async Task<CoachingContext> BuildAsync(CoachingRequest request, CancellationToken cancellationToken, string? defaultRole = null)
    {
        var words = OwnWords.Of(request.Question);
        var question = words.Text;
        var focus = ConversationFocus.From(request.RecentTurns);
        var own = words.IsEmpty ? new IntentMatch(CoachingIntent.OffTopic, 1, ["only instructions to the coach"]) : IntentClassifier.Classify(question);
        var (intent, isFollowUp) = ResolveIntent(request, question, own, focus);
        var tenant = request.User.Tenant;
        var profile = request.Profile;
        var knownRoles = library.AllPages(tenant).Select(p => p.Role).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToImmutableArray();
        var empty = new CoachingContext(request, intent, null, null, [], knownRoles) { Question = question, Focus = focus, IsFollowUp = isFollowUp };
        if (intent.Intent == CoachingIntent.OffTopic)
        {
            return empty;
        }

        var (roleId, roleSource) = ResolveRole(tenant, question, profile, focus, defaultRole);
        if (roleId is null)
        {
            return empty with { RoleCandidates = SuggestRoles(tenant, question, profile) };
        }

        var page = ChooseRegion(tenant, roleId, question, profile.Region, focus);
        if (page is null)
        {
            return empty;
        }

        var askedLevel = AskedLevel(question, page)
            ?? (isFollowUp && focus.Topic?.AskedLevel is { } carried && string.Equals(focus.Topic.RoleId, page.RoleId, StringComparison.OrdinalIgnoreCase)
                ? page.CareerLevels.FirstOrDefault(l => l.Name == carried)
                : null);
        var primary = SectionsByIntent[intent.Intent].Select(page.Section).ToList();
        // A follow-up ("and in Germany?") carries little to search with; the question it follows says what it is about.
        var searchText = isFollowUp && request.RecentTurns.Length > 0 ? $"{OwnWords.Of(request.RecentTurns[^1].Question).Text}\n{question}" : question;
        var (retrieved, passages) = await RetrieveAsync(request.User.Tenant, searchText, page, cancellationToken);
        var extra = retrieved.Where(s => !primary.Any(p => p.SectionId == s.SectionId)).Take(MaxRetrievedExtra);
        var sections = primary.Concat(extra).Take(MaxSections).ToImmutableArray();
        return new CoachingContext(request, intent, page, CareerReasoner.Assess(profile, page), sections, knownRoles, retrieved)
        {
            Question = question,
            Focus = focus,
            IsFollowUp = isFollowUp,
            RoleSource = roleSource,
            AskedLevel = askedLevel,
            Passages = passages,
        };
    }

    /// <summary>
    /// The intent of the person's own words, read against the conversation: an answer to a practice question stays
    /// interview practice; a short follow-up with no topic of its own ("and in Germany?", "why?") continues the previous
    /// topic; asking again about the same topic is a follow-up that should build on the last reply.
    /// </summary>
    private (IntentMatch Intent, bool IsFollowUp) ResolveIntent(CoachingRequest request, string question, IntentMatch own, ConversationFocus focus)
    {
        if (FollowUp(request, question, own) is { } practice)
        {
            return (practice, true);
        }

        if (own.Intent == CoachingIntent.OffTopic && own.Confidence < 0.9 && library.ResolveRole(request.User.Tenant, question) is not null)
        {
            // "What does a product owner do all day?" names a role: a career question, whatever else it lacks.
            own = new IntentMatch(CoachingIntent.General, 0.5, ["names a role"]);
        }

        if (focus.PreviousIntent is not { } previous || previous == CoachingIntent.OffTopic || own.Signals.Contains("only instructions to the coach"))
        {
            return (own, false);
        }

        var continued = new IntentMatch(previous, 0.6, [$"follow-up of {IntentNames.Of(previous)}", .. own.Signals]);
        var words = question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

        // Mid-conversation, a message with no career word and no off-topic word ("ok now what would make it strong?")
        // refers to what was just discussed.
        if (own.Intent == CoachingIntent.OffTopic && own.Confidence < 0.9 && words <= 12)
        {
            return (continued, true);
        }

        if (own.Intent == CoachingIntent.General && (ConversationFocus.IsShortFollowUp(question, IsNameWord) || (own.Signals.Count == 0 && words <= 10 && BackReference().IsMatch(question))))
        {
            return (continued, true);
        }

        // A short message whose only signal is a generic word stays on the conversation's topic: "what should I practice?"
        // after interview prep, "and for staff?" after pay, "so what's next?" after certifications.
        if (own.Intent != previous && previous != CoachingIntent.General && own.Signals.Count > 0)
        {
            var generic = own.Signals.All(s => s.StartsWith("learning:", StringComparison.Ordinal)) && words <= 8
                || own.Signals.All(s => s.StartsWith("levels:", StringComparison.Ordinal)) && (words <= 2 || (words <= 5 && Connective().IsMatch(question)))
                || own.Signals.All(s => s.StartsWith("career path:", StringComparison.Ordinal)) && words <= 4 && Connective().IsMatch(question);
            if (generic)
            {
                return (continued, true);
            }
        }

        return (own, own.Intent == previous && own.Intent != CoachingIntent.General);
    }

    /// <summary>A word of a role name or alias, a region, or a level ("backend", "germany", "senior").</summary>
    private bool IsNameWord(string word)
    {
        if (LevelWords().IsMatch(word) || word is "mid" or "lead" or "leads" or "usa" or "us" or "uk" or "eu" or "europe")
        {
            return true;
        }

        return NameWordsOf().Contains(word);
    }

    // The words of the shipped pages' role names, aliases and regions; shipped pages never change while the app runs.
    private HashSet<string> NameWordsOf() => _nameWords ??= library.AllPages()
        .SelectMany(p => new[] { p.Role, p.RoleId, p.Region, p.RegionId }.Concat(p.Aliases))
        .SelectMany(n => n.Split([' ', '-', '/', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries))
        .Select(w => w.ToLowerInvariant())
        .ToHashSet(StringComparer.Ordinal);

    private HashSet<string>? _nameWords;

    /// <summary>
    /// The role the turn is about, and where it came from: a role the message names; the role the conversation switched
    /// to by naming it; the profile's target role, then current title; the role the conversation was about; the tenant's
    /// default role.
    /// </summary>
    private (string? RoleId, string? Source) ResolveRole(Ids.TenantId tenant, string question, CoachBot.Profiles.CareerProfile profile, ConversationFocus focus, string? defaultRole)
    {
        var corrected = CorrectRoleTypos(question);
        if ((library.ResolveRole(tenant, corrected) ?? LooseRoleMention(tenant, corrected)) is { } named)
        {
            // "I'm a backend engineer and want to become a product manager" names two roles: the one aimed at wins.
            var aimedAt = profile.TargetRole is { } t && corrected.Contains(t, StringComparison.OrdinalIgnoreCase) ? library.ResolveRole(tenant, t) : null;
            return (aimedAt ?? named, "question");
        }

        var topicRole = focus.Topic?.RoleId is { } id && library.Find(tenant, id).Count > 0 ? id : null;
        if (topicRole is not null && focus.Topic!.RoleSource is "question" or "conversation")
        {
            return (topicRole, "conversation");
        }

        if ((profile.TargetRole is { } target ? library.ResolveRole(tenant, target) : null) is { } fromTarget)
        {
            return (fromTarget, "profile");
        }

        if ((profile.CurrentTitle is { } title ? library.ResolveRole(tenant, title) : null) is { } fromTitle)
        {
            return (fromTitle, "profile");
        }

        if (topicRole is not null)
        {
            return (topicRole, "conversation");
        }

        return !string.IsNullOrWhiteSpace(defaultRole) && library.ResolveRole(tenant, defaultRole) is { } fallback ? (fallback, "tenant-default") : (null, null);
    }

    /// <summary>
    /// Fixes one-letter slips in the words of role names ("fronted devs", "data enginer", "devloper"), so a typo does not
    /// lose the role. Only words of five letters or more, against the words of the shipped role names and aliases.
    /// </summary>
    private string CorrectRoleTypos(string question)
    {
        var vocabulary = NameWordsOf();
        return Word().Replace(question, match =>
        {
            var word = match.Value.ToLowerInvariant();
            if (word.Length < 5 || vocabulary.Contains(word) || vocabulary.Contains(word.TrimEnd('s')))
            {
                return match.Value;
            }

            var fix = vocabulary.FirstOrDefault(v => v.Length >= 6 && Math.Abs(v.Length - word.Length) <= 1 && EditDistanceAtMostOne(v, word));
            return fix ?? match.Value;
        });
    }

    private static bool EditDistanceAtMostOne(string a, string b)
    {
        if (a.Length < b.Length)
        {
            (a, b) = (b, a);
        }

        var i = 0;
        var j = 0;
        var edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                i++;
                j++;
                continue;
            }

            if (++edits > 1)
            {
                return false;
            }

            if (a.Length == b.Length)
            {
                // A substitution, or two neighbours swapped ("enigneer").
                if (i + 1 < a.Length && j + 1 < b.Length && a[i] == b[j + 1] && a[i + 1] == b[j])
                {
                    i += 2;
                    j += 2;
                    continue;
                }

                j++;
            }

            i++;
        }

        return edits + (a.Length - i) + (b.Length - j) <= 1;
    }

    [GeneratedRegex(@"[\p{L}-]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>
    /// A role named by its distinctive word only, where the words around it make it a role: "a senior backend role",
    /// "frontend jobs", "as a devops", "into product". Only when exactly one role has that word.
    /// </summary>
    private string? LooseRoleMention(Ids.TenantId tenant, string question)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in LooseRole().Matches(question))
        {
            var word = match.Groups["word"].Value.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal);
            foreach (var page in library.AllPages(tenant))
            {
                var distinctive = page.Role.Split([' ', '/', '-'], StringSplitOptions.RemoveEmptyEntries)
                    .Concat(page.Aliases.SelectMany(a => a.Split([' ', '/'], StringSplitOptions.RemoveEmptyEntries)))
                    .Select(w => w.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal));
                if (distinctive.Contains(word))
                {
                    found.Add(page.RoleId);
                }
            }
        }

        return found.Count == 1 ? found.First() : null;
    }

    [GeneratedRegex(@"\b(?<word>back-?end|front-?end|devops|sdet)\b|\b(?<word>sre|qa|data|product|platform|infrastructure|ui|web)\s+(?:(?:engineering|dev|developer|engineer|eng|automation|testing|test|management)\s+)?(?:role|roles|job|jobs|position|positions|opening|openings|career|interview|interviews|team|teams|work|side|dev|devs|folks|people|person|cert|certs|certification|certifications|salary|pay|skills|resume|cv)\b|\b(?:as|into|to)\s+(?:a|an)?\s*(?<word>sre|qa)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooseRole();

    /// <summary>Roles whose names share a word with what the person said of their work ("developer" → Backend and Frontend Developer).</summary>
    private ImmutableArray<string> SuggestRoles(Ids.TenantId tenant, string question, CoachBot.Profiles.CareerProfile profile)
    {
        var said = string.Join(' ', question, profile.CurrentTitle, profile.TargetRole);
        var words = RoleWords().Matches(said).Select(m => m.Value.ToLowerInvariant().TrimEnd('s')).ToHashSet(StringComparer.Ordinal);
        if (words.Count == 0)
        {
            return [];
        }

        return
        [
            .. library.AllPages(tenant)
                .Select(p => p.Role)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(role => role.Split([' ', '/', '-'], StringSplitOptions.RemoveEmptyEntries).Any(w => words.Contains(w.ToLowerInvariant())))
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>A career level the question names ("what do seniors make?", "staff-level interviews"), on this page.</summary>
    private static CareerLevel? AskedLevel(string question, RolePage page)
    {
        var match = LevelWords().Match(question);
        return match.Success ? CareerReasoner.LevelByName(page, match.Value) : null;
    }

    // "make it strong", "is that normal", "how do I do this": the message points back at what was just discussed.
    [GeneratedRegex(@"\b(?:it|this|that|these|those|them)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BackReference();

    [GeneratedRegex(@"^\s*(?:and|so|ok(?:ay)?|then|but|also|what\s+about|how\s+about|for)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Connective();

    [GeneratedRegex(@"\b(?:developer|engineer|manager|designer|analyst|scientist|tester|architect|administrator|sdet)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoleWords();

    [GeneratedRegex(@"\b(?:junior|jr|entry[\s-]level|mid[\s-]?level|intermediate|senior|sr|staff|principal|apm|new\s+grad|fresh\s+out\s+of)(?=s?\b)|\b(?:tech|team|qa)\s+lead(?=s?\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LevelWords();

    /// <summary>
    /// The page's sections ranked by meaning and wording against the question. A turn never waits for the index longer than
    /// <see cref="RetrievalOptions.TurnWaitForIndex"/>: without it the reply still has the intent's own sections.
    /// </summary>
    private async Task<(ImmutableArray<RoleSection> Sections, ImmutableArray<PassageHit> Passages)> RetrieveAsync(Ids.TenantId tenant, string question, RolePage page, CancellationToken cancellationToken)
    {
        try
        {
            var index = await retriever.WaitUntilReadyAsync(cancellationToken).WaitAsync(retrievalOptions.Value.TurnWaitForIndex, cancellationToken);
            var query = new RetrievalQuery(question, tenant.Value, page.RoleId, page.RegionId, TopK: 12);
            var hits = index.Search(query);
            ImmutableArray<RoleSection> sections =
            [
                .. hits
                    .Where(h => h.Document.RoleId == page.RoleId && h.Document.RegionId == page.RegionId)
                    .Select(h => page.Sections.FirstOrDefault(s => s.SectionId == h.Document.SectionId))
                    .OfType<RoleSection>()
                    .Take(3),
            ];
            return (sections, [.. index.SearchPassages(query, page.RoleId, page.RegionId, 3)]);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogRetrievalUnavailable(ex, retriever.State);
            return ([], []);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrieval index not available ({State}); answering from the intent's sections")]
    private partial void LogRetrievalUnavailable(Exception exception, RetrievalIndexState state);

    /// <summary>
    /// A long message right after an interview practice question is the answer to it, whatever words it uses.
    /// </summary>
    private static IntentMatch? FollowUp(CoachingRequest request, string question, IntentMatch own)
    {
        if (request.RecentTurns.IsDefaultOrEmpty)
        {
            return null;
        }

        var previous = request.RecentTurns[^1];
        var words = question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var askedPractice = previous.Reply.Contains("practice question", StringComparison.OrdinalIgnoreCase)
            || IntentClassifier.Classify(previous.Question).Intent == CoachingIntent.InterviewPrep;
        return askedPractice && words >= 20 && own.Intent is CoachingIntent.General or CoachingIntent.InterviewPrep
            ? new IntentMatch(CoachingIntent.InterviewPrep, 0.8, ["answer to the previous practice question"])
            : null;
    }

    /// <summary>The page of the role for the region the question names, else the one the conversation was in, else the profile's.</summary>
    private RolePage? ChooseRegion(Ids.TenantId tenant, string roleId, string question, string? profileRegion, ConversationFocus focus)
    {
        var pages = library.Find(tenant, roleId);
        var named = pages.FirstOrDefault(p => MentionsRegion(question, p));
        if (named is not null)
        {
            return named;
        }

        if (string.Equals(focus.Topic?.RoleId, roleId, StringComparison.OrdinalIgnoreCase)
            && focus.Topic?.RegionId is { } conversationRegion
            && pages.FirstOrDefault(p => string.Equals(p.RegionId, conversationRegion, StringComparison.OrdinalIgnoreCase)) is { } current)
        {
            return current;
        }

        var regionId = library.ResolveRegion(tenant, roleId, profileRegion) ?? library.ResolveRegion(tenant, roleId, null);
        return (regionId is null ? null : library.Get(tenant, roleId, regionId)) ?? (pages.Count > 0 ? pages[0] : null);
    }

    private static bool MentionsRegion(string question, RolePage page) =>
        Regex.IsMatch(question, $@"\b({Regex.Escape(page.Region)}|{Regex.Escape(page.RegionId)})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private sealed class FrozenSectionMap : Dictionary<CoachingIntent, string[]>;
}
