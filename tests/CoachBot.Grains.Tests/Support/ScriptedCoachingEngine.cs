using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CoachBot.Coaching.Engine;
using CoachBot.Conversations;
using CoachBot.Storage;

namespace CoachBot.Grains.Tests.Support;

/// <summary>
/// A coaching engine the tests script through the question text:
/// "fail ..." throws; "gate:NAME ..." streams a first chunk then waits for the test to open the gate ("checkpoint:NAME ..."
/// does the same with a first chunk long enough to be checkpointed at once; "stall:NAME ..." follows that first chunk at
/// once with <see cref="StallPart"/>, too short to be due, before it waits); "steps:NAME ..." streams
/// <see cref="StepChunks"/> chunks and then its end, each only once the test lets one more step through; anything else
/// streams "Reply to: {question}" in three chunks ("tokens:N ..." also reports N model tokens used; "long:N ..." streams a
/// reply of N characters). It also records what the transcript held when the model was called.
/// </summary>
public sealed class ScriptedCoachingEngine(ITranscriptStore transcripts) : ICoachingEngine
{
    public static readonly Citation SampleCitation = new("backend-developer", "usa", "career-levels", "Career levels", "test-1");

    /// <summary>How many text chunks a "steps:" reply has; its end takes one step more.</summary>
    public const int StepChunks = 6;

    private static readonly ConcurrentDictionary<string, Gate> Gates = new();
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Steppers = new();

    public static ConcurrentBag<(string Question, ImmutableArray<TranscriptMessage> StoredAtCall, CoachBot.Profiles.CareerProfile Profile)> Calls { get; } = [];

    /// <summary>Every request the engine was given, by turn.</summary>
    public static ConcurrentDictionary<CoachBot.Ids.TurnId, CoachingRequest> Requests { get; } = new();

    /// <summary>The first chunk of a "checkpoint:" script: longer than the test cluster's checkpoint size.</summary>
    public const string LongFirstPart = "A first part long enough to be stored as a checkpoint before the rest of the reply arrives. ";

    /// <summary>What a "stall:" script streams right after its first part, before the model stalls.</summary>
    public const string StallPart = "Then a little more. ";

    public static Gate OpenGate(string name) => Gates.GetOrAdd(name, _ => new Gate());

    /// <summary>The steps of the "steps:NAME" replies: each release lets one chunk, or the end, through.</summary>
    public static SemaphoreSlim Steps(string name) => Steppers.GetOrAdd(name, _ => new SemaphoreSlim(0));

    public async IAsyncEnumerable<CoachingUpdate> StreamReplyAsync(CoachingRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stored = await transcripts.GetTurnAsync(request.User, request.TurnId, cancellationToken);
        Calls.Add((request.Question, stored, request.Profile));
        Requests[request.TurnId] = request;

        if (request.Question.StartsWith("fail", StringComparison.Ordinal))
        {
            yield return CoachingUpdate.Text("Half an ans");
            throw new CoachingFailedException("The coaching model is unavailable.");
        }

        if (request.Question.StartsWith("gate:", StringComparison.Ordinal) || request.Question.StartsWith("checkpoint:", StringComparison.Ordinal) || request.Question.StartsWith("stall:", StringComparison.Ordinal))
        {
            var name = request.Question.Split(' ')[0];
            var gate = OpenGate(name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            yield return CoachingUpdate.Text(name.StartsWith("gate:", StringComparison.Ordinal) ? "First part. " : LongFirstPart);
            if (name.StartsWith("stall:", StringComparison.Ordinal))
            {
                yield return CoachingUpdate.Text(StallPart);
            }

            gate.Started.TrySetResult();
            await gate.Release.Task.WaitAsync(cancellationToken);
            yield return CoachingUpdate.Text("Second part.");
            yield return new CoachingUpdate("", [SampleCitation], "scripted");
            yield break;
        }

        if (request.Question.StartsWith("steps:", StringComparison.Ordinal))
        {
            var steps = Steps(request.Question.Split(' ')[0]["steps:".Length..]);
            for (var chunk = 0; chunk < StepChunks; chunk++)
            {
                await steps.WaitAsync(cancellationToken);
                yield return CoachingUpdate.Text($"w{chunk} ");
            }

            await steps.WaitAsync(cancellationToken);
            yield return new CoachingUpdate("", [SampleCitation], "scripted");
            yield break;
        }

        var reply = request.Question.StartsWith("long:", StringComparison.Ordinal)
            ? LongReply(request.Question, int.Parse(request.Question.Split(' ')[0]["long:".Length..], System.Globalization.CultureInfo.InvariantCulture))
            : $"Reply to: {request.Question}";
        var third = reply.Length / 3;
        yield return CoachingUpdate.Text(reply[..third]);
        yield return CoachingUpdate.Text(reply[third..(2 * third)]);
        yield return CoachingUpdate.Text(reply[(2 * third)..]);
        var usage = request.Question.StartsWith("tokens:", StringComparison.Ordinal)
            ? new ReplyMetadata { Usage = new TokenUsage(int.Parse(request.Question.Split(' ')[0]["tokens:".Length..], System.Globalization.CultureInfo.InvariantCulture), 0) }
            : null;
        yield return new CoachingUpdate("", [SampleCitation], "scripted", usage);
    }

    /// <summary>A reply of <paramref name="length"/> characters in words, opening with the question it answers.</summary>
    public static string LongReply(string question, int length)
    {
        var text = new System.Text.StringBuilder($"Reply to: {question}.");
        while (text.Length < length)
        {
            text.Append(" Keep a record of outcomes with numbers.");
        }

        return text.ToString(0, length);
    }

    public sealed class Gate
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
