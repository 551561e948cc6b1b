using System.Collections.Immutable;
using System.Text;
using CoachBot.Coaching.Engine;
using CoachBot.Coaching.Profiles;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Profiles;

namespace CoachBot.Tools.Evaluation;

/// <summary>The reply to one message, as the user's grain would have stored it.</summary>
/// <param name="Message">What the person wrote.</param>
/// <param name="Reply">The streamed text.</param>
/// <param name="Metadata">The metadata that came with the last update.</param>
/// <param name="Citations">The sections the reply cited.</param>
/// <param name="Profile">The profile after learning from the message.</param>
/// <param name="Failure">Why the model failed, when it did.</param>
public sealed record ConversationTurn(string Message, string Reply, ReplyMetadata? Metadata, ImmutableArray<Citation> Citations, CareerProfile Profile, string? Failure);

/// <summary>
/// One conversation driven the way the user's grain drives it: learn facts from the message and apply them to the
/// profile, build the request from the profile and the earlier turns (with their metadata and citations), then stream the
/// reply and keep it as the next turn's history. Memory across turns is the real one, not a canned transcript.
/// </summary>
public sealed class CoachingConversation(ICoachingEngine engine, IProfileLearning learning, UserKey user, CareerProfile profile, IEnumerable<PriorTurn>? history = null)
{
    private readonly List<PriorTurn> _turns = [.. history ?? []];

    /// <summary>The profile as it stands now.</summary>
    public CareerProfile Profile { get; private set; } = profile;

    /// <summary>The turns so far, oldest first, as the next request will carry them.</summary>
    public IReadOnlyList<PriorTurn> Turns => _turns;

    /// <summary>Sends one message and collects the reply.</summary>
    public async Task<ConversationTurn> SendAsync(string message, CancellationToken cancellationToken)
    {
        var turnId = TurnId.New();
        await LearnAsync(message, turnId, cancellationToken);
        var request = new CoachingRequest(user, turnId, Profile, [.. _turns], message);

        var text = new StringBuilder();
        var citations = ImmutableArray<Citation>.Empty;
        ReplyMetadata? metadata = null;
        string? failure = null;
        try
        {
            await foreach (var update in engine.StreamReplyAsync(request, cancellationToken))
            {
                text.Append(update.Delta);
                metadata = update.Metadata ?? metadata;
                if (!update.Citations.IsDefaultOrEmpty)
                {
                    citations = update.Citations;
                }
            }
        }
        catch (CoachingFailedException ex)
        {
            failure = ex.Message;
        }

        _turns.Add(new PriorTurn(message, text.ToString(), failure is null ? TurnStatus.Completed : TurnStatus.Failed, metadata, citations));
        return new ConversationTurn(message, text.ToString(), metadata, citations, Profile, failure);
    }

    // As in the grain, learning is best effort: a failure here never fails the turn.
    private async Task LearnAsync(string message, TurnId turnId, CancellationToken cancellationToken)
    {
        ProfileFacts facts;
        try
        {
            facts = await learning.ExtractAsync(user.Tenant, message, Profile, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return;
        }

        if (!facts.IsEmpty)
        {
            Profile = ProfileFactsApplier.Apply(Profile, facts, turnId, DateTimeOffset.UtcNow);
        }
    }
}
