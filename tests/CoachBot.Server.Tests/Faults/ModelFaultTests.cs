using System.Net.Http.Json;
using System.Text;
using CoachBot.Coaching.Tests.Providers;
using CoachBot.Conversations;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Faults;

/// <summary>
/// The model failing in every way a real one does, end to end through the hub, the grain and the store: what the person
/// sees (a clear message, the text already streamed) and what is stored (the message, the reply marked failed with that
/// text), and the person's next turn once the model is back.
/// </summary>
public sealed class ModelFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static TheoryData<string> Faults => ["429", "500", "hang", "cut stream", "garbage SSE", "slow first token"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_model_fault_ends_the_turn_clearly_and_keeps_what_was_stored(string fault)
    {
        using var data = new TempFolder();
        await using var model = await OpenAICompatibleServer.StartAsync();
        await using var host = await StartHostAsync(data, model);
        var expectCompleted = fault == "slow first token";
        var slow = new TaskCompletionSource();
        EnqueueFault(model, fault, slow.Task);

        var session = await host.CreateSessionAsync();
        await using var hub = await host.ConnectAsync(session.Token);
        const string question = "What should I practise for a backend developer interview?";
        var reading = TurnAsync(hub, question);
        if (expectCompleted)
        {
            await model.WaitForRequestsAsync(1).WaitAsync(Bound, Cancel);
            slow.SetResult();
        }

        var (shown, end) = await reading.WaitAsync(Bound, Cancel);

        using var api = host.AuthorizedClient(session.Token);
        var history = await api.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel);
        var asked = history!.Messages.SingleOrDefault(m => m.Role == MessageRole.User);
        var reply = history.Messages.Single(m => m.Role == MessageRole.Assistant);
        var held = asked?.Text == question && end is not null && reply.Text == shown && end.Status == reply.Status
            && (expectCompleted
                ? reply.Status == TurnStatus.Completed && shown == "A late but whole answer."
                : reply.Status == TurnStatus.Failed && end.ErrorCode == ErrorCodes.ModelFailed && !string.IsNullOrWhiteSpace(end.ErrorMessage));
        FaultReport.Record("model", fault, 1, held ? 1 : 0, $"{end?.Status} {end?.ErrorCode}, {reply.Text.Length} characters kept");

        Assert.Equal(question, asked?.Text);
        Assert.NotNull(end);
        Assert.Equal(end.Status, reply.Status);
        Assert.Equal(shown, reply.Text);
        if (expectCompleted)
        {
            Assert.Equal((TurnStatus.Completed, "A late but whole answer."), (reply.Status, reply.Text));
        }
        else
        {
            Assert.Equal((TurnStatus.Failed, ErrorCodes.ModelFailed), (reply.Status, end.ErrorCode));
            Assert.False(string.IsNullOrWhiteSpace(end.ErrorMessage), "the person is told what happened");
            Assert.DoesNotContain("Exception", end.ErrorMessage, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> EndingFaults => ["500", "cut stream", "garbage SSE"];

    [Theory]
    [MemberData(nameof(EndingFaults))]
    public async Task After_a_model_fault_the_next_turn_completes_once_the_model_is_back(string fault)
    {
        using var data = new TempFolder();
        await using var model = await OpenAICompatibleServer.StartAsync();
        await using var host = await StartHostAsync(data, model);
        EnqueueFault(model, fault, Task.CompletedTask);
        var session = await host.CreateSessionAsync();
        await using var hub = await host.ConnectAsync(session.Token);

        var (_, failedEnd) = await TurnAsync(hub, "What should I practise for a backend developer interview?").WaitAsync(Bound, Cancel);

        // The model is back: whatever requests the next turn makes (a profile reading, the reply) get a whole answer.
        model.ClearScript();
        model.Enqueue([.. Enumerable.Range(0, 3).Select(_ => ScriptedReply.Stream(["Back to ", "a whole ", "answer."]))]);
        const string next = "And how do I show that skill to my manager?";
        var (shown, end) = await TurnAsync(hub, next).WaitAsync(Bound, Cancel);

        using var api = host.AuthorizedClient(session.Token);
        var history = await api.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel);
        var replies = history!.Messages.Where(m => m.Role == MessageRole.Assistant).ToList();
        var held = failedEnd?.ErrorCode == ErrorCodes.ModelFailed && end?.Status == TurnStatus.Completed && shown == "Back to a whole answer."
            && replies.Count == 2 && replies[1].Status == TurnStatus.Completed && replies[1].Text == shown
            && history.Messages.Any(m => m.Role == MessageRole.User && m.Text == next);
        FaultReport.Record("model", $"{fault}, then the model is back", 1, held ? 1 : 0, $"first turn {failedEnd?.Status} {failedEnd?.ErrorCode}, next turn {end?.Status}");

        Assert.Equal((TurnStatus.Failed, ErrorCodes.ModelFailed), (failedEnd?.Status, failedEnd?.ErrorCode));
        Assert.Equal(TurnStatus.Completed, end?.Status);
        Assert.Equal("Back to a whole answer.", shown);
        Assert.Equal([TurnStatus.Failed, TurnStatus.Completed], replies.Select(r => r.Status));
        Assert.Equal(shown, replies[1].Text);
        Assert.Contains(history.Messages, m => m.Role == MessageRole.User && m.Text == next);
    }

    private static Task<TestHost> StartHostAsync(TempFolder data, OpenAICompatibleServer model) =>
        TestHost.StartAsync(data.Path, settings: new Dictionary<string, string?>
        {
            ["Coaching:Model"] = "openai-compatible",
            ["Coaching:Llm:Endpoint"] = model.V1.ToString(),
            ["Coaching:Llm:ModelId"] = "fault-model",
            ["Coaching:Llm:ApiKey"] = "sk-fault-test-key",
            ["Coaching:Llm:MaxRetries"] = "1",
            ["Coaching:Llm:RetryBaseDelay"] = "00:00:00.010",
            ["Coaching:Llm:MaxRetryDelay"] = "00:00:00.050",
            ["Coaching:Llm:AttemptTimeout"] = "00:00:02",
            ["Coaching:Llm:RequestTimeout"] = "00:00:05",
            ["Coaching:Llm:StreamIdleTimeout"] = "00:00:02",
            ["Coaching:Llm:AllowedPrivateEndpoints:0"] = "127.0.0.1",
        });

    /// <summary>Every request of the next turn (the profile reading, the reply, their retries) meets the fault; unscripted ones get 501.</summary>
    private static void EnqueueFault(OpenAICompatibleServer model, string fault, Task slowResume) =>
        model.Enqueue([.. Enumerable.Range(0, 6).Select(_ => fault switch
        {
            "429" => ScriptedReply.Error(429, retryAfter: "0"),
            "500" => ScriptedReply.Error(500),
            "hang" => ScriptedReply.Hang(),
            "cut stream" => ScriptedReply.CutAfter(["The first ", "words arrive, "], Task.CompletedTask),
            "garbage SSE" => ScriptedReply.Garbage(),
            _ => ScriptedReply.Stream(["A late ", "but whole ", "answer."], holdAfter: 0, resume: slowResume),
        })]);

    /// <summary>Sends <paramref name="text"/> and reads the reply to its end: the text shown and the end.</summary>
    private static Task<(string Shown, TurnEnd? End)> TurnAsync(HubConnection hub, string text) => Task.Run(async () =>
    {
        var shown = new StringBuilder();
        TurnEnd? end = null;
        await foreach (var chunk in hub.StreamAsync<ReplyChunk>("SendMessage", text, Cancel))
        {
            shown.Append(chunk.Delta);
            end = chunk.End ?? end;
        }

        return (shown.ToString(), end);
    }, Cancel);
}
