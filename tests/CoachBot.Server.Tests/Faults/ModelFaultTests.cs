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
/// text).
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
        await using var host = await TestHost.StartAsync(data.Path, settings: new Dictionary<string, string?>
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
        var expectCompleted = fault == "slow first token";
        var slow = new TaskCompletionSource();
        // Every request of the turn (the profile reading, the reply, their retries) meets the fault; unscripted ones get 501.
        model.Enqueue([.. Enumerable.Range(0, 6).Select(_ => fault switch
        {
            "429" => ScriptedReply.Error(429, retryAfter: "0"),
            "500" => ScriptedReply.Error(500),
            "hang" => ScriptedReply.Hang(),
            "cut stream" => ScriptedReply.CutAfter(["The first ", "words arrive, "], Task.CompletedTask),
            "garbage SSE" => ScriptedReply.Garbage(),
            _ => ScriptedReply.Stream(["A late ", "but whole ", "answer."], holdAfter: 0, resume: slow.Task),
        })]);

        var session = await host.CreateSessionAsync();
        await using var hub = await host.ConnectAsync(session.Token);
        const string question = "What should I practise for a backend developer interview?";
        var shown = new StringBuilder();
        TurnEnd? end = null;
        var reading = Task.Run(async () =>
        {
            await foreach (var chunk in hub.StreamAsync<ReplyChunk>("SendMessage", question, Cancel))
            {
                shown.Append(chunk.Delta);
                end = chunk.End ?? end;
            }
        }, Cancel);
        if (expectCompleted)
        {
            await model.WaitForRequestsAsync(1).WaitAsync(Bound, Cancel);
            slow.SetResult();
        }

        await reading.WaitAsync(Bound, Cancel);

        using var api = host.AuthorizedClient(session.Token);
        var history = await api.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel);
        var asked = history!.Messages.SingleOrDefault(m => m.Role == MessageRole.User);
        var reply = history.Messages.Single(m => m.Role == MessageRole.Assistant);
        var held = asked?.Text == question && end is not null && reply.Text == shown.ToString() && end.Status == reply.Status
            && (expectCompleted
                ? reply.Status == TurnStatus.Completed && shown.ToString() == "A late but whole answer."
                : reply.Status == TurnStatus.Failed && end.ErrorCode == ErrorCodes.ModelFailed && !string.IsNullOrWhiteSpace(end.ErrorMessage));
        FaultReport.Record("model", fault, 1, held ? 1 : 0, $"{end?.Status} {end?.ErrorCode}, {reply.Text.Length} characters kept");

        Assert.Equal(question, asked?.Text);
        Assert.NotNull(end);
        Assert.Equal(end.Status, reply.Status);
        Assert.Equal(shown.ToString(), reply.Text);
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
}
