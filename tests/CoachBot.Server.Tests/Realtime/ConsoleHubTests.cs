using System.Text;
using CoachBot.Coaching;
using CoachBot.Coaching.Offline;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Tenancy;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tests.Realtime;

/// <summary>The coach console's hub (/hubs/console) on the real host: who may use it, watching live, and coach messages.</summary>
public sealed class ConsoleHubTests
{
    private const string Console = "/hubs/console";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_coaches_of_the_users_tenant_reach_users_who_consented_and_bad_input_is_coded()
    {
        using var data = new TempFolder();
        var staff = new StaffTokenIssuer();
        await using var host = await TestHost.StartAsync(data.Path, settings: new Dictionary<string, string?>(staff.HostSettings));
        await CreateTenantAsync(host, "console-other");
        var session = await host.CreateSessionAsync();
        var user = UserKey(session);

        // End-user sessions and tenant admins are refused at the door.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.ConnectAsync(session.Token, Console));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.ConnectAsync(staff.Mint("admin-ann", "default", ["tenant-admin"]), Console));

        await using var coach = await host.ConnectAsync(staff.Mint("coach-ann", "default", ["coach"], name: "Ann"), Console);
        await using var foreignCoach = await host.ConnectAsync(staff.Mint("coach-bob", "console-other", ["coach"], name: "Bob"), Console);

        // Not consented yet, unknown, malformed: the same not_found.
        foreach (var userId in new[] { user.User.Value, "nobody", "not a user id" })
        {
            await AssertRefusedAsync("not_found", () => coach.InvokeAsync<CoachMessage>("SendCoachMessage", userId, "Hello", Cancel));
            await AssertRefusedAsync("not_found", () => FirstEventAsync(coach, userId));
        }

        await host.Services.GetRequiredService<IConsentStore>().SetCoachingReviewConsentAsync(user, true, DateTimeOffset.UtcNow, Cancel);

        // Another tenant's coach guessing the id gets the same answer as for an unknown user.
        await AssertRefusedAsync("not_found", () => foreignCoach.InvokeAsync<CoachMessage>("SendCoachMessage", user.User.Value, "Hello", Cancel));
        await AssertRefusedAsync("not_found", () => FirstEventAsync(foreignCoach, user.User.Value));

        await AssertRefusedAsync("message_empty", () => coach.InvokeAsync<CoachMessage>("SendCoachMessage", user.User.Value, "   ", Cancel));
        await AssertRefusedAsync("message_too_long", () => coach.InvokeAsync<CoachMessage>("SendCoachMessage", user.User.Value, new string('a', 4001), Cancel));
        await AssertRefusedAsync("invalid_argument", () => coach.InvokeAsync<CoachMessage>("SendCoachMessage", user.User.Value, 42, Cancel));
        await AssertRefusedAsync("invalid_argument", () => coach.InvokeAsync<object>("WatchConversation", user.User.Value, Cancel));

        var sent = await coach.InvokeAsync<CoachMessage>("SendCoachMessage", user.User.Value, "Hi, I'm Ann, your coach.", Cancel);
        Assert.Equal(("Ann", "Hi, I'm Ann, your coach."), (sent.AuthorName, sent.Text));
        var audit = await host.Services.GetRequiredService<ITenantStore>().ListAuditAboutUserAsync(user, Cancel);
        Assert.Contains(audit, entry => entry.Action == AuditActions.CoachMessageSent && entry.Actor == new AuditActor("staff", "coach-ann"));
    }

    [Fact]
    public async Task A_coach_attaching_mid_reply_gets_the_text_so_far_then_the_rest_and_a_coach_message_reaches_the_widget_and_history()
    {
        using var data = new TempFolder();
        var staff = new StaffTokenIssuer();
        GatedChatModel? gated = null;
        await using var host = await TestHost.StartAsync(
            data.Path,
            services => services.AddSingleton<IChatCompletionService>(sp =>
                gated = new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate: 4)),
            new Dictionary<string, string?>(staff.HostSettings));
        var session = await host.CreateSessionAsync();
        var user = UserKey(session);
        await host.Services.GetRequiredService<IConsentStore>().SetCoachingReviewConsentAsync(user, true, DateTimeOffset.UtcNow, Cancel);

        await using var widget = await host.ConnectAsync(session.Token);
        var pushed = new TaskCompletionSource<CoachMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = widget.On<CoachMessage>("CoachMessage", message => pushed.TrySetResult(message));
        var reply = new StringBuilder();
        var firstText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var replying = Task.Run(async () =>
        {
            await foreach (var chunk in widget.StreamAsync<ReplyChunk>("SendMessage", "How do I become a senior backend developer?", Cancel))
            {
                reply.Append(chunk.Delta);
                firstText.TrySetResult();
            }
        }, Cancel);
        await firstText.Task.WaitAsync(Bound, Cancel);
        await gated!.Reached.Task.WaitAsync(Bound, Cancel);

        await using var coach = await host.ConnectAsync(staff.Mint("coach-ann", "default", ["coach"], name: "Ann Lee"), Console);
        await using var events = coach.StreamAsync<ConversationEvent>("WatchConversation", user.User.Value, Cancel).GetAsyncEnumerator(Cancel);
        Assert.True(await events.MoveNextAsync());
        var snapshot = events.Current.Snapshot!;
        Assert.Equal(ConversationEventKind.Snapshot, events.Current.Kind);
        Assert.NotNull(snapshot.RunningTurnId);
        var soFar = snapshot.Messages.Single(m => m.Role == MessageRole.Assistant).Text;
        Assert.True(soFar.Length > 0);
        Assert.Equal(soFar.Length, snapshot.RunningOffset);
        Assert.Equal("How do I become a senior backend developer?", snapshot.Messages.Single(m => m.Role == MessageRole.User).Text);

        gated.Release.SetResult();
        var watched = new StringBuilder(soFar);
        TurnEnd? end = null;
        while (end is null && await events.MoveNextAsync())
        {
            var chunk = events.Current.Chunk!;
            Assert.Equal(snapshot.RunningTurnId, chunk.TurnId);
            Assert.Equal(watched.Length, chunk.Offset);
            watched.Append(chunk.Delta);
            end = events.Current.Kind == ConversationEventKind.ReplyEnded ? chunk.End : null;
        }

        await replying.WaitAsync(Bound, Cancel);
        Assert.Equal(TurnStatus.Completed, end!.Status);
        Assert.Equal(reply.ToString(), watched.ToString());

        var sent = await coach.InvokeAsync<CoachMessage>("SendCoachMessage", user.User.Value, "Good question - let's talk on Friday.", Cancel);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(ConversationEventKind.CoachMessage, events.Current.Kind);
        Assert.Equal((sent.Id, MessageRole.Coach, "Ann Lee", "coach-ann"), (events.Current.Message!.TurnId, events.Current.Message.Role, events.Current.Message.AuthorName, events.Current.Message.AuthorId));
        var received = await pushed.Task.WaitAsync(Bound, Cancel);
        Assert.Equal((sent.Id, "Ann Lee", "Good question - let's talk on Friday."), (received.Id, received.AuthorName, received.Text));

        var history = await widget.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Cancel);
        Assert.Equal([MessageRole.User, MessageRole.Assistant, MessageRole.Coach], history.Messages.Select(m => m.Role));
        Assert.Equal("Ann Lee", history.Messages[2].AuthorName);
        Assert.Null(history.Messages[2].AuthorId); // the coach's staff id stays with the staff

        // The next turn comes to the watcher as its user message, then its reply from offset 0.
        var next = new StringBuilder();
        await foreach (var chunk in widget.StreamAsync<ReplyChunk>("SendMessage", "Thanks, and what should I learn first?", Cancel))
        {
            next.Append(chunk.Delta);
        }

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((ConversationEventKind.UserMessage, "Thanks, and what should I learn first?"), (events.Current.Kind, events.Current.Message!.Text));
        var followed = new StringBuilder();
        while (await events.MoveNextAsync() && events.Current.Kind != ConversationEventKind.ReplyEnded)
        {
            Assert.Equal(followed.Length, events.Current.Chunk!.Offset);
            followed.Append(events.Current.Chunk.Delta);
        }

        Assert.Equal(next.ToString(), followed.ToString());

        // The person withdraws consent: the open watch ends at once with the reason, and a new one is refused.
        Assert.False(await widget.InvokeAsync<bool>("SetConsent", false, Cancel));
        await AssertRefusedAsync("consent_required", async () => await events.MoveNextAsync().AsTask().WaitAsync(Bound, Cancel));
        await AssertRefusedAsync("not_found", () => FirstEventAsync(coach, user.User.Value));
    }

    [Fact]
    public void The_engine_shows_a_coach_message_as_the_human_coachs_words_not_its_own()
    {
        var request = new Coaching.Engine.CoachingRequest(
            new UserKey(TenantId.Parse("default"), UserId.Parse("u-1")),
            TurnId.New(),
            CoachBot.Profiles.CareerProfile.Empty,
            [new Coaching.Engine.PriorTurn("First question", "First reply", TurnStatus.Completed)],
            "Next question",
            CoachNotes: [new Coaching.Engine.CoachNote("Ann Lee", "Let's talk on Friday.", 1)]);

        var json = Coaching.Engine.PromptArguments.RecentConversationJson(request, 6);

        Assert.Equal("""[{"question":"First question","reply":"First reply","status":"completed"},{"humanCoach":"Ann Lee","said":"Let's talk on Friday."}]""", json);
    }

    internal static UserKey UserKey(IssuedSession session) => new(TenantId.Parse(session.TenantId), UserId.Parse(session.UserId));

    internal static async Task<ConversationEvent> FirstEventAsync(HubConnection connection, string userId)
    {
        await foreach (var item in connection.StreamAsync<ConversationEvent>("WatchConversation", userId, Cancel))
        {
            return item;
        }

        throw new InvalidOperationException("The watch ended without an event.");
    }

    internal static async Task AssertRefusedAsync(string code, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<HubException>(call);
        Assert.Contains(code + ":", refused.Message, StringComparison.Ordinal);
    }

    private static async Task CreateTenantAsync(TestHost host, string id)
    {
        var now = DateTimeOffset.UtcNow;
        await host.Services.GetRequiredService<ITenantStore>().CreateTenantAsync(
            new Tenant(TenantId.Parse(id), "Tenant " + id, new TenantSettings(), false, now, now), null, AuditActor.System, Cancel);
    }
}
