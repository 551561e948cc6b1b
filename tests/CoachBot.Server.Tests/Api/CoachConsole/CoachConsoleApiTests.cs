using System.Net;
using System.Net.Http.Json;
using CoachBot.Server.Api.CoachConsole;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;

namespace CoachBot.Server.Tests.Api.CoachConsole;

/// <summary>The coach console on the real host: search, transcript, review, flags, tags, notes, audit, analytics and refusals.</summary>
public sealed class CoachConsoleApiTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coach_finds_reads_reviews_flags_tags_and_annotates_a_consenting_users_conversation()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "console", Cancel);
        var other = await WidgetTenant.CreateAsync(fixture, "console-other", Cancel);
        var learner = await SessionAsync(tenant, "learner-1", consent: true);
        var shy = await SessionAsync(tenant, "learner-2", consent: false);
        var foreign = await SessionAsync(other, "learner-1", consent: true);
        await SendAsync(learner.Token, "How do I become a data engineer?");
        await SendAsync(shy.Token, "How do I become a data engineer?");
        await SendAsync(foreign.Token, "How do I become a data engineer?");
        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"]));

        var found = (await coach.GetFromJsonAsync<ConversationListResponse>("/api/coach/conversations?q=engineer", TestHost.Json, Cancel))!;
        var item = Assert.Single(found.Items);
        Assert.Equal("learner-1", item.UserId);
        Assert.Contains("engineer", item.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, item.MessageCount);
        Assert.Null(found.NextCursor);
        Assert.Empty((await coach.GetFromJsonAsync<ConversationListResponse>("/api/coach/conversations?q=kubernetes", TestHost.Json, Cancel))!.Items);

        var path = $"/api/coach/conversations/learner-1/{item.ConversationId}";
        var transcript = (await coach.GetFromJsonAsync<ConversationTranscriptResponse>(path, TestHost.Json, Cancel))!;
        var reply = Assert.Single(transcript.Messages, m => m.Role == "assistant");
        Assert.Equal("completed", reply.Status);
        Assert.NotNull(reply.Intent);
        Assert.NotNull(reply.ProfileSnapshot);
        Assert.All(reply.Citations, c => Assert.False(string.IsNullOrEmpty(c.Passage)));
        Assert.Single((await coach.GetFromJsonAsync<ConversationListResponse>($"/api/coach/conversations?intent={reply.Intent}", TestHost.Json, Cancel))!.Items);

        using (var review = await coach.PutAsJsonAsync($"{path}/turns/{reply.TurnId}/review", new { rubric = "outdated", correction = "Start with SQL and one pipeline project." }, TestHost.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, review.StatusCode);
            var stored = (await review.Content.ReadFromJsonAsync<ReviewResponse>(TestHost.Json, Cancel))!;
            Assert.Equal("How do I become a data engineer?", stored.Question);
            Assert.NotNull(stored.ApprovedAnswerId);
        }

        var answer = Assert.Single((await coach.GetFromJsonAsync<ApprovedAnswerResponse[]>("/api/coach/approved-answers", TestHost.Json, Cancel))!);
        Assert.Equal("Start with SQL and one pipeline project.", answer.Answer);

        FlagResponse flag;
        using (var flagged = await coach.PostAsJsonAsync($"{path}/flags", new { reason = "Check the advice", turnId = reply.TurnId }, TestHost.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, flagged.StatusCode);
            flag = (await flagged.Content.ReadFromJsonAsync<FlagResponse>(TestHost.Json, Cancel))!;
            Assert.Equal("open", flag.State);
        }

        using (var moved = await coach.PatchAsJsonAsync($"/api/coach/flags/{flag.Id}", new { state = "resolved", note = "Done" }, TestHost.Json, Cancel))
        {
            Assert.Equal("resolved", (await moved.Content.ReadFromJsonAsync<FlagResponse>(TestHost.Json, Cancel))!.State);
        }

        using (var tags = await coach.PutAsJsonAsync($"{path}/tags", new[] { "Data", "follow-up", "data" }, TestHost.Json, Cancel))
        {
            Assert.Equal(["data", "follow-up"], (await tags.Content.ReadFromJsonAsync<string[]>(TestHost.Json, Cancel))!);
        }

        using (var note = await coach.PostAsJsonAsync($"{path}/notes", new { text = "Seems junior; suggest mentoring." }, TestHost.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        }

        transcript = (await coach.GetFromJsonAsync<ConversationTranscriptResponse>(path, TestHost.Json, Cancel))!;
        Assert.Equal("outdated", Assert.Single(transcript.Messages, m => m.Role == "assistant").Review?.Rubric);
        Assert.Equal(["data", "follow-up"], transcript.Tags);
        Assert.Equal("Done", Assert.Single(transcript.Flags).Note);
        Assert.Equal("Seems junior; suggest mentoring.", Assert.Single(transcript.Notes).Text);
        var listed = Assert.Single((await coach.GetFromJsonAsync<ConversationListResponse>("/api/coach/conversations?flagged=true", TestHost.Json, Cancel))!.Items);
        Assert.Equal(0, listed.OpenFlags);
        Assert.Equal(["data", "follow-up"], listed.Tags);

        // The user never sees the notes.
        using (var userClient = fixture.Host.AuthorizedClient(learner.Token))
        {
            Assert.DoesNotContain("mentoring", await userClient.GetStringAsync(new Uri("/api/me/export", UriKind.Relative), Cancel), StringComparison.Ordinal);
        }

        var audit = await coach.GetStringAsync(new Uri("/api/coach/audit", UriKind.Relative), Cancel);
        foreach (var action in new[] { "coach.review_saved", "coach.flag_added", "coach.flag_updated", "coach.tags_set", "coach.note_added" })
        {
            Assert.Contains($"\"action\":\"{action}\"", audit, StringComparison.Ordinal);
        }

        Assert.Contains("\"actorId\":\"coach-ann\"", audit, StringComparison.Ordinal);
        var series = (await coach.GetFromJsonAsync<AnalyticsResponse>("/api/coach/analytics?bucket=week", TestHost.Json, Cancel))!.Series;
        var week = Assert.Single(series);
        Assert.Equal(1, week.Conversations);
        Assert.Equal(1, week.Turns);
        Assert.Equal(1.0, week.FlaggedShare);

        using (var removed = await coach.DeleteAsync(new Uri($"/api/coach/approved-answers/{answer.Id}", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Empty((await coach.GetFromJsonAsync<ApprovedAnswerResponse[]>("/api/coach/approved-answers", TestHost.Json, Cancel))!);
    }

    [Fact]
    public async Task Another_tenants_coach_and_non_consenting_users_get_not_found()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "console-iso", Cancel);
        var other = await WidgetTenant.CreateAsync(fixture, "console-iso-other", Cancel);
        var learner = await SessionAsync(tenant, "learner-1", consent: true);
        var shy = await SessionAsync(tenant, "learner-2", consent: false);
        await SendAsync(learner.Token, "What do senior backend developers earn?");
        await SendAsync(shy.Token, "What do senior backend developers earn?");
        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"]));
        using var otherCoach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-bob", other.TenantId, ["coach"]));
        var conversation = Assert.Single((await coach.GetFromJsonAsync<ConversationListResponse>("/api/coach/conversations", TestHost.Json, Cancel))!.Items);
        Assert.Equal("learner-1", conversation.UserId);
        var path = $"/api/coach/conversations/learner-1/{conversation.ConversationId}";

        Assert.Empty((await otherCoach.GetFromJsonAsync<ConversationListResponse>("/api/coach/conversations", TestHost.Json, Cancel))!.Items);
        await ProblemAssert.HasCodeAsync(await otherCoach.GetAsync(new Uri(path, UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.HasCodeAsync(await otherCoach.PostAsJsonAsync($"{path}/notes", new { text = "x" }, TestHost.Json, Cancel), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.HasCodeAsync(await otherCoach.PutAsJsonAsync($"{path}/tags", new[] { "x" }, TestHost.Json, Cancel), HttpStatusCode.NotFound, "not_found");
        using (var flag = await coach.PostAsJsonAsync($"{path}/flags", new { reason = "Check" }, TestHost.Json, Cancel))
        {
            var id = (await flag.Content.ReadFromJsonAsync<FlagResponse>(TestHost.Json, Cancel))!.Id;
            await ProblemAssert.HasCodeAsync(await otherCoach.PatchAsJsonAsync($"/api/coach/flags/{id}", new { state = "resolved" }, TestHost.Json, Cancel), HttpStatusCode.NotFound, "not_found");
        }

        var shyConversation = $"/api/coach/conversations/learner-2/{conversation.ConversationId}";
        await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri(shyConversation, UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri($"/api/coach/conversations/nobody/{Guid.NewGuid()}", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri("/api/coach/conversations/learner-1/not-a-guid", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("/api/coach/conversations?limit=0")]
    [InlineData("/api/coach/conversations?limit=abc")]
    [InlineData("/api/coach/conversations?from=yesterday")]
    [InlineData("/api/coach/conversations?channel=fax")]
    [InlineData("/api/coach/conversations?intent=poetry")]
    [InlineData("/api/coach/conversations?rating=meh")]
    [InlineData("/api/coach/conversations?flagged=maybe")]
    [InlineData("/api/coach/conversations?status=lost")]
    [InlineData("/api/coach/conversations?cursor=-4")]
    [InlineData("/api/coach/conversations?q=%22%2A%28%29")]
    [InlineData("/api/coach/analytics?bucket=month")]
    [InlineData("/api/coach/analytics?from=2026-01-01&to=2025-01-01")]
    [InlineData("/api/coach/audit?limit=1000")]
    public async Task Bad_filters_are_400_invalid_argument(string path)
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "console-bad", Cancel);
        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"]));
        await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri(path, UriKind.Relative), Cancel), HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task Bad_bodies_are_400_invalid_argument()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "console-body", Cancel);
        var learner = await SessionAsync(tenant, "learner-1", consent: true);
        await SendAsync(learner.Token, "How do I become a data engineer?");
        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"]));
        var conversation = Assert.Single((await coach.GetFromJsonAsync<ConversationListResponse>("/api/coach/conversations", TestHost.Json, Cancel))!.Items);
        var path = $"/api/coach/conversations/learner-1/{conversation.ConversationId}";
        var turnId = (await coach.GetFromJsonAsync<ConversationTranscriptResponse>(path, TestHost.Json, Cancel))!.Messages[0].TurnId;

        await ProblemAssert.HasCodeAsync(await coach.PutAsJsonAsync($"{path}/turns/{turnId}/review", new { rubric = "great" }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await coach.PutAsJsonAsync($"{path}/turns/{turnId}/review", new { rubric = "harmful", roleId = "Not An Id" }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await coach.PutAsJsonAsync($"{path}/turns/{Guid.NewGuid()}/review", new { rubric = "harmful" }, TestHost.Json, Cancel), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.HasCodeAsync(await coach.PostAsJsonAsync($"{path}/flags", new { reason = "" }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await coach.PutAsJsonAsync($"{path}/tags", new[] { "has space" }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await coach.PutAsJsonAsync($"{path}/tags", Enumerable.Range(0, 21).Select(i => $"t{i}").ToArray(), TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await coach.PostAsJsonAsync($"{path}/notes", new { text = new string('x', 4001) }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await coach.PatchAsJsonAsync("/api/coach/flags/nope", new { state = "closed" }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
    }

    private Task<IssuedSession> SessionAsync(WidgetTenant tenant, string userId, bool consent) => ConsoleUsers.SessionAsync(fixture, tenant, userId, consent);

    private Task SendAsync(string token, string text) => ConsoleUsers.SendAsync(fixture, token, text);
}
