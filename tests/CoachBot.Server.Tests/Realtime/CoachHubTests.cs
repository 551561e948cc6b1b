using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoachBot.Coaching;
using CoachBot.Coaching.Offline;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;
using CoachBot.Server.Identity;
using CoachBot.Server.Realtime;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel.ChatCompletion;

namespace CoachBot.Server.Tests.Realtime;

/// <summary>End to end: the real host on 127.0.0.1, the .NET SignalR client, the offline model.</summary>
public sealed class CoachHubTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static CancellationToken Timeout()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(Bound);
        return source.Token;
    }

    [Fact]
    public async Task A_reply_streams_chunk_by_chunk_and_is_stored()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var session = await host.CreateSessionAsync();
        await using var connection = await host.ConnectAsync(session.Token);

        var chunks = new List<ReplyChunk>();
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "How do I become a senior backend developer?", Timeout()))
        {
            chunks.Add(chunk);
        }

        var end = Assert.Single(chunks, c => c.End is not null).End!;
        Assert.Same(chunks[^1].End, end);
        var deltas = chunks.Where(c => c.Delta.Length > 0).ToList();
        Assert.True(deltas.Count >= 5, $"expected several chunks before the end, got {deltas.Count}");
        Assert.All(deltas.Zip(deltas.Skip(1)), pair => Assert.Equal(pair.First.Offset + pair.First.Delta.Length, pair.Second.Offset));
        var text = string.Concat(deltas.Select(c => c.Delta));
        Assert.Equal((TurnStatus.Completed, text.Length), (end.Status, end.Length));
        Assert.Contains("senior backend developer", text, StringComparison.OrdinalIgnoreCase);

        // Grounded: the end carries the cited role-content sections and what the engine worked out.
        Assert.Contains(end.Citations, c => c is { RoleId: "backend-developer", Region: "usa", SectionId: "career-levels" });
        Assert.Contains("[1]", text, StringComparison.Ordinal);
        Assert.Equal("career-path", end.Metadata?.Intent);
        Assert.Equal("Backend Developer", end.Metadata?.Assessment?.RoleName);

        var history = await connection.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Timeout());
        Assert.Equal(
            [(MessageRole.User, "How do I become a senior backend developer?"), (MessageRole.Assistant, text)],
            history.Messages.Select(m => (m.Role, m.Text)));
        Assert.Equal(OfflineCoachModel.ModelId, history.Messages[1].Model);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_turn_reattaches_and_receives_exactly_the_rest()
    {
        using var data = new TempFolder();
        GatedChatModel? gated = null;
        await using var host = await TestHost.StartAsync(data.Path, services => services.AddSingleton<IChatCompletionService>(sp =>
            gated = new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate: 4)));
        var session = await host.CreateSessionAsync();

        var seen = new StringBuilder();
        TurnId turnId;
        var first = await host.ConnectAsync(session.Token);
        await using (first)
        {
            await using var stream = first.StreamAsync<ReplyChunk>("SendMessage", "What should I learn next?", Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);
            Assert.True(await stream.MoveNextAsync());
            Assert.Equal(0, stream.Current.Offset);
            seen.Append(stream.Current.Delta);
            turnId = stream.Current.TurnId;

            // Deltas may be coalesced, so the client has seen some prefix of what was generated before the model paused.
            await gated!.Reached.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
            await first.StopAsync(TestContext.Current.CancellationToken);
        }

        // The turn goes on without any client.
        using var api = host.AuthorizedClient(session.Token);
        var active = await api.GetFromJsonAsync<ActiveTurnBody>("/api/me/turns/active", TestHost.Json, TestContext.Current.CancellationToken);
        Assert.Equal(turnId, active!.TurnId);
        gated.Release.SetResult();

        await using var second = await host.ConnectAsync(session.Token);
        var rest = new List<ReplyChunk>();
        await foreach (var chunk in second.StreamAsync<ReplyChunk>("AttachToTurn", turnId.ToString(), seen.Length, Timeout()))
        {
            rest.Add(chunk);
        }

        Assert.Equal(seen.Length, rest[0].Offset);
        var full = seen + string.Concat(rest.Select(c => c.Delta));
        var history = await second.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Timeout());
        var stored = Assert.Single(history.Messages, m => m.Role == MessageRole.Assistant);
        Assert.Equal(stored.Text, full);
        Assert.Equal((TurnStatus.Completed, full.Length), (rest[^1].End!.Status, rest[^1].End!.Length));
    }

    [Fact]
    public async Task Stopping_the_host_and_starting_it_again_on_the_same_data_keeps_profile_and_history()
    {
        using var data = new TempFolder();
        IssuedSession session;
        string reply;
        await using (var host = await TestHost.StartAsync(data.Path))
        {
            session = await host.CreateSessionAsync();
            await using var connection = await host.ConnectAsync(session.Token);
            await connection.InvokeAsync<CareerProfile>("UpdateProfile", new ProfileUpdate { TargetRole = "Data Engineer", YearsOfExperience = 4, Skills = [new SkillInput("SQL", 4)] }, Timeout());
            var text = new StringBuilder();
            await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "Remember this question", Timeout()))
            {
                text.Append(chunk.Delta);
            }

            reply = text.ToString();
        }

        await using (var restarted = await TestHost.StartAsync(data.Path))
        {
            await using var connection = await restarted.ConnectAsync(session.Token);
            var profile = await connection.InvokeAsync<CareerProfile>("GetProfile", Timeout());
            Assert.Equal(("Data Engineer", 4m), (profile.TargetRole, profile.YearsOfExperience));
            Assert.Equal(["SQL"], profile.Skills.Select(s => s.Name));

            var history = await connection.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Timeout());
            Assert.Equal(["Remember this question", reply], history.Messages.Select(m => m.Text));
        }
    }

    [Fact]
    public async Task Cancelling_a_turn_from_the_hub_ends_it_as_cancelled()
    {
        using var data = new TempFolder();
        GatedChatModel? gated = null;
        await using var host = await TestHost.StartAsync(data.Path, services => services.AddSingleton<IChatCompletionService>(sp =>
            gated = new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate: 2)));
        var session = await host.CreateSessionAsync();
        await using var connection = await host.ConnectAsync(session.Token);

        var chunks = new List<ReplyChunk>();
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "Stop me", Timeout()))
        {
            chunks.Add(chunk);

            // Deltas may be coalesced, so act on the first one once the model is known to be paused mid-reply.
            if (chunks.Count == 1)
            {
                await gated!.Reached.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
                Assert.True(await connection.InvokeAsync<bool>("CancelTurn", chunk.TurnId.ToString(), Timeout()));
            }
        }

        Assert.Equal(TurnStatus.Cancelled, chunks[^1].End!.Status);
        var history = await connection.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Timeout());
        Assert.Equal(TurnStatus.Cancelled, history.Messages[1].Status);
        Assert.Equal(string.Concat(chunks.Select(c => c.Delta)), history.Messages[1].Text);
    }

    [Theory]
    [InlineData("", ErrorCodes.MessageEmpty)]
    [InlineData("   ", ErrorCodes.MessageEmpty)]
    public async Task Bad_messages_get_an_error_with_a_stable_code(string text, string code)
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var session = await host.CreateSessionAsync();
        await using var connection = await host.ConnectAsync(session.Token);

        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsync<ReplyChunk>("SendMessage", text, Timeout()))
            {
            }
        });

        Assert.Contains(code + ":", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task Oversize_messages_unknown_turns_and_bad_offsets_are_refused_and_the_connection_survives()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path, settings: new Dictionary<string, string?> { ["Conversation:MaxMessageLength"] = "100" });
        var session = await host.CreateSessionAsync();
        await using var connection = await host.ConnectAsync(session.Token);
        var done = new StringBuilder();
        TurnId turnId = default;
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "first", Timeout()))
        {
            done.Append(chunk.Delta);
            turnId = chunk.TurnId;
        }

        await AssertRefusedAsync(ErrorCodes.MessageTooLong, connection.StreamAsync<ReplyChunk>("SendMessage", new string('a', 101), Timeout()));
        await AssertRefusedAsync(ErrorCodes.TurnNotFound, connection.StreamAsync<ReplyChunk>("AttachToTurn", TurnId.New().ToString(), 0, Timeout()));
        await AssertRefusedAsync(ErrorCodes.InvalidArgument, connection.StreamAsync<ReplyChunk>("AttachToTurn", "not-a-turn", 0, Timeout()));
        await AssertRefusedAsync(ErrorCodes.OffsetOutOfRange, connection.StreamAsync<ReplyChunk>("AttachToTurn", turnId.ToString(), done.Length + 1, Timeout()));
        var cancelUnknown = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<bool>("CancelTurn", TurnId.New().ToString(), Timeout()));
        Assert.Contains(ErrorCodes.TurnNotFound + ":", cancelUnknown.Message, StringComparison.Ordinal);
        var badProfile = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<CareerProfile>("UpdateProfile", new ProfileUpdate { YearsOfExperience = 500 }, Timeout()));
        Assert.Contains(ErrorCodes.ProfileInvalid + ":", badProfile.Message, StringComparison.Ordinal);

        var history = await connection.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Timeout());
        Assert.Equal(["first", done.ToString()], history.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_message_far_over_the_length_limit_fails_that_call_only_and_nothing_is_stored()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var session = await host.CreateSessionAsync();
        await using var connection = await host.ConnectAsync(session.Token);

        // About 100 KB on the wire: beyond the old 64 KB frame limit, which closed the whole connection.
        await AssertRefusedAsync(ErrorCodes.MessageTooLong, connection.StreamAsync<ReplyChunk>("SendMessage", new string('a', 100_000), Timeout()));
        Assert.Equal(HubConnectionState.Connected, connection.State);

        var reply = new StringBuilder();
        await foreach (var chunk in connection.StreamAsync<ReplyChunk>("SendMessage", "What should I learn next?", Timeout()))
        {
            reply.Append(chunk.Delta);
        }

        var history = await connection.InvokeAsync<ConversationHistory>("GetHistory", 10, null, Timeout());
        Assert.Equal(["What should I learn next?", reply.ToString()], history.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_frame_bigger_than_the_hub_reads_closes_the_connection()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var session = await host.CreateSessionAsync();
        await using var connection = await host.ConnectAsync(session.Token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        var huge = new string('a', (int)CoachHubRegistration.MaximumReceiveMessageSize + 1);
        var failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in connection.StreamAsync<ReplyChunk>("SendMessage", huge, Timeout()))
            {
            }
        });

        Assert.NotNull(failure);
        await closed.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task A_second_message_while_a_turn_runs_is_refused_with_turn_in_progress()
    {
        using var data = new TempFolder();
        GatedChatModel? gated = null;
        await using var host = await TestHost.StartAsync(data.Path, services => services.AddSingleton<IChatCompletionService>(sp =>
            gated = new GatedChatModel(new OfflineCoachModel(sp.GetRequiredService<IOptions<CoachingOptions>>(), TimeProvider.System), chunksBeforeGate: 1)));
        var session = await host.CreateSessionAsync();
        await using var connection = await host.ConnectAsync(session.Token);

        await using var running = connection.StreamAsync<ReplyChunk>("SendMessage", "first", Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await running.MoveNextAsync());
        await gated!.Reached.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);

        await AssertRefusedAsync(ErrorCodes.TurnInProgress, connection.StreamAsync<ReplyChunk>("SendMessage", "second", Timeout()));
        gated.Release.SetResult();
        var last = running.Current;
        while (await running.MoveNextAsync())
        {
            last = running.Current;
        }

        Assert.Equal(TurnStatus.Completed, last.End!.Status);
    }

    [Fact]
    public async Task Missing_tampered_and_expired_tokens_cannot_connect()
    {
        using var data = new TempFolder();
        await using var host = await TestHost.StartAsync(data.Path);
        var session = await host.CreateSessionAsync();
        var keys = host.Services.GetRequiredService<SigningKeyProvider>();
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var expired = new SessionTokens(keys, Options.Create(new SessionTokenOptions { SessionLifetime = TimeSpan.FromMinutes(5) }), past)
            .Issue(new UserKey(TenantId.Parse(session.TenantId), UserId.Parse(session.UserId)));
        var parts = session.Token.Split('.');
        var tampered = string.Join('.', parts[0], parts[1].Replace('A', 'B').Replace('e', 'f'), parts[2]);

        foreach (var token in new[] { "", tampered, expired.Token, session.Token + "x" })
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectAsync(token));
            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        }

        await using var ok = await host.ConnectAsync(session.Token);
        Assert.Equal(HubConnectionState.Connected, ok.State);
    }

    private static async Task AssertRefusedAsync(string code, IAsyncEnumerable<ReplyChunk> stream)
    {
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in stream)
            {
            }
        });
        Assert.Contains(code + ":", error.Message, StringComparison.Ordinal);
    }

    private sealed record ActiveTurnBody(TurnId? TurnId);
}
