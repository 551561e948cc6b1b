using System.Net;
using System.Net.Http.Json;
using CoachBot.Coaching.Approved;
using CoachBot.Server.Api.CoachConsole;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Api.CoachConsole;

/// <summary>
/// A coach's correction becomes the tenant's approved answer: the next person of that tenant asking the same question,
/// in their own words, gets it, cited as the coaching team's; nobody else does, and deleting it ends its use.
/// </summary>
public sealed class ApprovedAnswerTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private const string Correction = "Start with SQL and Python, then build one batch pipeline end to end and put it on GitHub.";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_correction_answers_the_same_question_for_the_next_person_of_the_tenant_only()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "approved", Cancel);
        var other = await WidgetTenant.CreateAsync(fixture, "approved-other", Cancel);
        var first = await ConsoleUsers.SessionAsync(fixture, tenant, "asker-1", consent: true);
        var (before, beforeCitations) = await RoleContentTurns.AskAsync(fixture.Host, first.Token, "How do I become a data engineer?");
        Assert.DoesNotContain(Correction, before, StringComparison.Ordinal);
        Assert.DoesNotContain(beforeCitations, c => c.SectionId == ApprovedAnswerSection.SectionId);

        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-bo", tenant.TenantId, ["coach"]));
        var conversation = Assert.Single((await coach.GetFromJsonAsync<ConversationListResponse>("/api/coach/conversations", TestHost.Json, Cancel))!.Items);
        var path = $"/api/coach/conversations/asker-1/{conversation.ConversationId}";
        var reply = Assert.Single((await coach.GetFromJsonAsync<ConversationTranscriptResponse>(path, TestHost.Json, Cancel))!.Messages, m => m.Role == "assistant");
        string answerId;
        using (var review = await coach.PutAsJsonAsync($"{path}/turns/{reply.TurnId}/review", new { rubric = "outdated", correction = Correction }, TestHost.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
            answerId = (await review.Content.ReadFromJsonAsync<ReviewResponse>(TestHost.Json, Cancel))!.ApprovedAnswerId!;
        }

        // Another person of the tenant, another wording.
        var second = await ConsoleUsers.SessionAsync(fixture, tenant, "asker-2", consent: true);
        var (text, citations) = await RoleContentTurns.AskAsync(fixture.Host, second.Token, "how can I become a data engineer");
        Assert.Contains(Correction.TrimEnd('.'), text, StringComparison.Ordinal);
        var cited = Assert.Single(citations, c => c.SectionId == ApprovedAnswerSection.SectionId);
        Assert.Equal(answerId, cited.ContentVersion);
        Assert.Equal(Correction, cited.Passage);
        Assert.Equal("data-engineer", cited.RoleId);

        // The coach sees which approved answer a reply used, with its text.
        var secondConversation = Assert.Single((await coach.GetFromJsonAsync<ConversationListResponse>("/api/coach/conversations?userId=asker-2", TestHost.Json, Cancel))!.Items);
        var secondReply = Assert.Single((await coach.GetFromJsonAsync<ConversationTranscriptResponse>($"/api/coach/conversations/asker-2/{secondConversation.ConversationId}", TestHost.Json, Cancel))!.Messages, m => m.Role == "assistant");
        Assert.Contains(secondReply.Citations, c => c.Section == ApprovedAnswerSection.SectionId && c.Id == $"approved-answer/{answerId}" && c.Passage == Correction);

        // Another tenant asking the same never gets it.
        var outsider = await ConsoleUsers.SessionAsync(fixture, other, "asker-1", consent: true);
        var (foreign, foreignCitations) = await RoleContentTurns.AskAsync(fixture.Host, outsider.Token, "How do I become a data engineer?");
        Assert.DoesNotContain(Correction, foreign, StringComparison.Ordinal);
        Assert.DoesNotContain(foreignCitations, c => c.SectionId == ApprovedAnswerSection.SectionId);

        // Removed: replies stop using it at once.
        using (var removed = await coach.DeleteAsync(new Uri($"/api/coach/approved-answers/{answerId}", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var third = await ConsoleUsers.SessionAsync(fixture, tenant, "asker-3", consent: true);
        var (after, afterCitations) = await RoleContentTurns.AskAsync(fixture.Host, third.Token, "How do I become a data engineer?");
        Assert.DoesNotContain(Correction, after, StringComparison.Ordinal);
        Assert.DoesNotContain(afterCitations, c => c.SectionId == ApprovedAnswerSection.SectionId);
    }
}
