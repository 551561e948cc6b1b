using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Coaching;
using CoachBot.Coaching.Offline;
using CoachBot.Conversations;
using CoachBot.Server.Api;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tests.Api;

/// <summary>Feedback on replies over the hub and REST, as the widget and coaches see it, on the real host.</summary>
public sealed class FeedbackApiTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_hub_takes_feedback_on_an_ended_reply_and_the_history_shows_it()
    {
        var session = await fixture.Host.CreateSessionAsync();
        await using var hub = await fixture.Host.ConnectAsync(session.Token);
        var turnId = await SendAsync(hub, "How do I become a data engineer?");

        var result = await hub.InvokeAsync<JsonElement>("SubmitFeedback", turnId, new { rating = "down", comment = "  Too vague.  " }, Cancel);
        Assert.Equal("down", result.GetProperty("rating").GetString());
        Assert.Equal("Too vague.", result.GetProperty("comment").GetString());
        Assert.True(result.GetProperty("submittedAt").TryGetDateTimeOffset(out _));

        var history = await hub.InvokeAsync<JsonElement>("GetHistory", 10, null, Cancel);
        var messages = history.GetProperty("messages").EnumerateArray().ToList();
        Assert.False(messages.Single(m => m.GetProperty("role").GetString() == "user").TryGetProperty("feedback", out _));
        var feedback = messages.Single(m => m.GetProperty("role").GetString() == "assistant").GetProperty("feedback");
        Assert.Equal(("down", "Too vague."), (feedback.GetProperty("rating").GetString(), feedback.GetProperty("comment").GetString()));

        // Submitting again replaces it; the REST history shows the same.
        var replaced = await hub.InvokeAsync<JsonElement>("SubmitFeedback", turnId, new { rating = "up" }, Cancel);
        Assert.False(replaced.TryGetProperty("comment", out _));
        using var client = fixture.Host.AuthorizedClient(session.Token);
        var rest = (await client.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!;
        Assert.Equal((FeedbackRating.Up, null), rest.Messages.Single(m => m.Role == MessageRole.Assistant).Feedback is { } f ? (f.Rating, f.Comment) : default);
    }

    [Fact]
    public async Task The_hub_refuses_bad_feedback_with_stable_codes_and_keeps_the_connection()
    {
        var session = await fixture.Host.CreateSessionAsync();
        var other = await fixture.Host.CreateSessionAsync();
        await using var hub = await fixture.Host.ConnectAsync(session.Token);
        await using var otherHub = await fixture.Host.ConnectAsync(other.Token);
        var turnId = await SendAsync(hub, "What should I learn next?");
        var othersTurn = await SendAsync(otherHub, "Someone else's question");

        await AssertHubErrorAsync(hub, "invalid_argument", turnId, new { rating = "up", comment = new string('x', TurnFeedback.MaxCommentLength + 1) });
        await AssertHubErrorAsync(hub, "invalid_argument", turnId, new { rating = "meh" });
        await AssertHubErrorAsync(hub, "invalid_argument", turnId, null);
        await AssertHubErrorAsync(hub, "invalid_argument", "not-a-turn", new { rating = "up" });
        await AssertHubErrorAsync(hub, "turn_not_found", Guid.NewGuid().ToString(), new { rating = "up" });
        await AssertHubErrorAsync(hub, "turn_not_found", othersTurn, new { rating = "down", comment = "not mine" });

        Assert.Equal(HubConnectionState.Connected, hub.State);
        using var otherClient = fixture.Host.AuthorizedClient(other.Token);
        var othersHistory = (await otherClient.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!;
        Assert.All(othersHistory.Messages, m => Assert.Null(m.Feedback));
    }

    [Fact]
    public async Task Rest_feedback_is_validated_scoped_to_the_user_and_replaced()
    {
        var session = await fixture.Host.CreateSessionAsync();
        var other = await fixture.Host.CreateSessionAsync();
        string turnId;
        await using (var hub = await fixture.Host.ConnectAsync(session.Token))
        {
            turnId = await SendAsync(hub, "How do I prepare for interviews?");
        }

        using var client = fixture.Host.AuthorizedClient(session.Token);
        using var otherClient = fixture.Host.AuthorizedClient(other.Token);
        var path = $"/api/me/turns/{turnId}/feedback";

        using (var first = await client.PutAsJsonAsync(path, new { rating = "up", comment = "Helpful" }, TestHost.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var body = (await first.Content.ReadFromJsonAsync<TurnFeedback>(TestHost.Json, Cancel))!;
            Assert.Equal((FeedbackRating.Up, "Helpful"), (body.Rating, body.Comment));
        }

        await ProblemAssert.HasCodeAsync(await otherClient.PutAsJsonAsync(path, new { rating = "down" }, TestHost.Json, Cancel), HttpStatusCode.NotFound, "turn_not_found");
        await ProblemAssert.HasCodeAsync(await client.PutAsJsonAsync($"/api/me/turns/{Guid.NewGuid()}/feedback", new { rating = "down" }, TestHost.Json, Cancel), HttpStatusCode.NotFound, "turn_not_found");
        await ProblemAssert.HasCodeAsync(await client.PutAsJsonAsync("/api/me/turns/nope/feedback", new { rating = "down" }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await client.PutAsJsonAsync(path, new { rating = "down", comment = new string('x', 1001) }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        await ProblemAssert.HasCodeAsync(await client.PutAsJsonAsync(path, new { rating = 5 }, TestHost.Json, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        using (var empty = new StringContent("", System.Text.Encoding.UTF8, "application/json"))
        {
            await ProblemAssert.HasCodeAsync(await client.PutAsync(new Uri(path, UriKind.Relative), empty, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
        }

        await ProblemAssert.HasCodeAsync(await fixture.Host.Http.PutAsJsonAsync(path, new { rating = "down" }, TestHost.Json, Cancel), HttpStatusCode.Unauthorized, "unauthenticated");

        using (var replaced = await client.PutAsJsonAsync(path, new { rating = "down", comment = "On reflection, too long" }, TestHost.Json, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        var history = (await client.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!;
        var feedback = history.Messages.Single(m => m.Role == MessageRole.Assistant).Feedback!;
        Assert.Equal((FeedbackRating.Down, "On reflection, too long"), (feedback.Rating, feedback.Comment));
    }

    [Fact]
    public async Task Coaches_see_feedback_only_with_consent_the_export_holds_it_and_erasure_removes_it()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "feedback", Cancel);
        var user = await VerifiedSessionAsync(tenant, "learner-fb");
        await using (var hub = await fixture.Host.ConnectAsync(user.Token))
        {
            var turnId = await SendAsync(hub, "Is a cloud certification worth it?");
            await hub.InvokeAsync<JsonElement>("SubmitFeedback", turnId, new { rating = "down", comment = "Missed my region" }, Cancel);
        }

        using var coach = StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-fb", tenant.TenantId, ["coach"]));
        const string Transcript = "/api/coach/users/learner-fb/transcript?limit=10";
        await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri(Transcript, UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");

        using var client = fixture.Host.AuthorizedClient(user.Token);
        (await client.PutAsJsonAsync("/api/me/consent", new { coachingReview = true }, TestHost.Json, Cancel)).Dispose();
        var transcript = (await coach.GetFromJsonAsync<ConversationHistory>(Transcript, TestHost.Json, Cancel))!;
        Assert.Equal("Missed my region", transcript.Messages.Single(m => m.Role == MessageRole.Assistant).Feedback?.Comment);

        var export = (await client.GetFromJsonAsync<UserExport>("/api/me/export", TestHost.Json, Cancel))!;
        Assert.Equal((FeedbackRating.Down, "Missed my region"), export.Messages.Single(m => m.Role == MessageRole.Assistant).Feedback is { } f ? (f.Rating, f.Comment) : default);

        using (var deleted = await client.DeleteAsync(new Uri("/api/me", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        // The erasure ended the session; signing in again finds nothing, and the coach no longer reaches the user.
        using var again = fixture.Host.AuthorizedClient(ErasureTests.SessionIssuedLater(fixture.Host, user));
        Assert.Empty((await again.GetFromJsonAsync<UserExport>("/api/me/export", TestHost.Json, Cancel))!.Messages);
        await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri(Transcript, UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_reply_still_being_written_refuses_feedback_until_it_ends()
    {
        using var data = new TempFolder();
        GatedChatModel? gated = null;
        await using var host = await TestHost.StartAsync(data.Path, services => services.AddSingleton<IChatCompletionService>(sp =>
            gated = new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate: 1)));
        var session = await host.CreateSessionAsync();
        await using var hub = await host.ConnectAsync(session.Token);
        using var client = host.AuthorizedClient(session.Token);

        var stream = hub.StreamAsync<ReplyChunk>("SendMessage", "What does a backend developer do?", Cancel).GetAsyncEnumerator(Cancel);
        Assert.True(await stream.MoveNextAsync());
        var turnId = stream.Current.TurnId.ToString();
        await gated!.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);

        var path = $"/api/me/turns/{turnId}/feedback";
        await ProblemAssert.HasCodeAsync(await client.PutAsJsonAsync(path, new { rating = "up" }, TestHost.Json, Cancel), HttpStatusCode.Conflict, "turn_in_progress");
        await AssertHubErrorAsync(hub, "turn_in_progress", turnId, new { rating = "up" });

        gated.Release.SetResult();
        while (stream.Current.End is null && await stream.MoveNextAsync())
        {
        }

        await stream.DisposeAsync();
        using var accepted = await client.PutAsJsonAsync(path, new { rating = "up" }, TestHost.Json, Cancel);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static async Task AssertHubErrorAsync(HubConnection hub, string code, string turnId, object? feedback)
    {
        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("SubmitFeedback", turnId, feedback, Cancel));
        Assert.Contains(code + ": ", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> SendAsync(HubConnection hub, string text)
    {
        await foreach (var chunk in hub.StreamAsync<ReplyChunk>("SendMessage", text, Cancel))
        {
            if (chunk.End is not null)
            {
                Assert.Equal(TurnStatus.Completed, chunk.End.Status);
                return chunk.TurnId.ToString();
            }
        }

        throw new InvalidOperationException("The reply ended without an end marker.");
    }

    private async Task<IssuedSession> VerifiedSessionAsync(WidgetTenant tenant, string userId)
    {
        using var response = await fixture.Host.Http.PostAsJsonAsync("/api/sessions", new { tenantKey = tenant.WidgetKey, userId, userHash = tenant.HashFor(userId) }, TestHost.Json, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, Cancel))!;
    }
}
