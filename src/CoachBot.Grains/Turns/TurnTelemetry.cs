using System.Diagnostics;
using CoachBot.Conversations;
using CoachBot.Ids;
using static CoachBot.Diagnostics.CoachBotTelemetry;

namespace CoachBot.Grains.Turns;

/// <summary>
/// The span and metrics of one turn: started when the message is accepted, ended when the outcome is stored. Nothing
/// here runs per streamed chunk except a flag check; the first-text time is recorded once.
/// </summary>
internal static class TurnTelemetry
{
    public static Activity? Start(UserKey user, TurnId turnId, string channel)
    {
        ActiveTurns.Add(1);
        var activity = Source.StartActivity("coachbot.turn");
        activity?.SetTag(Tags.TenantId, user.Tenant.Value);
        activity?.SetTag(Tags.TurnId, turnId.ToString());
        activity?.SetTag(Tags.Channel, channel);
        return activity;
    }

    /// <summary>A span for one durable write of the turn (the accepted message, a checkpoint, the outcome).</summary>
    public static Activity? Store(string operation)
    {
        var activity = Source.StartActivity("coachbot.store", ActivityKind.Client);
        activity?.SetTag(Tags.Operation, operation);
        return activity;
    }

    /// <summary>The message could not be accepted (quota, store): the turn never ran.</summary>
    public static void NotStarted(RunningTurn running, Exception exception)
    {
        ActiveTurns.Add(-1);
        running.Activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        running.Activity?.Dispose();
    }

    public static void FirstText(RunningTurn running, TimeProvider time)
    {
        var elapsed = time.GetElapsedTime(running.StartedAt);
        TimeToFirstToken.Record(elapsed.TotalMilliseconds);
        running.Activity?.AddEvent(new ActivityEvent("first_text"));
    }

    public static void Ended(RunningTurn running, TimeProvider time, TurnStatus status, string? errorCode, string? model, ReplyMetadata? metadata)
    {
        ActiveTurns.Add(-1);
        var statusTag = new KeyValuePair<string, object?>(Tags.Status, status.ToString());
        TurnDuration.Record(time.GetElapsedTime(running.StartedAt).TotalMilliseconds, statusTag);
        if (metadata?.Usage is { } usage)
        {
            Tokens.Add(usage.InputTokens ?? 0, new KeyValuePair<string, object?>("gen_ai.token.type", "input"));
            Tokens.Add(usage.OutputTokens ?? 0, new KeyValuePair<string, object?>("gen_ai.token.type", "output"));
        }

        if (errorCode is not null)
        {
            RecordError(errorCode, "turn");
        }

        if (running.Activity is { } activity)
        {
            activity.SetTag(Tags.Status, status.ToString());
            activity.SetTag(Tags.Model, model);
            activity.SetTag(Tags.Intent, metadata?.Intent);
            if (status == TurnStatus.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, errorCode);
            }

            activity.Dispose();
        }
    }
}
