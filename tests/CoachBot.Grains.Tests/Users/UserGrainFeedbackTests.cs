using CoachBot.Conversations;
using CoachBot.Grains.Tests.Support;
using CoachBot.Ids;

namespace CoachBot.Grains.Tests.Users;

/// <summary>Feedback on replies through the user's grain: only the user's own ended replies, validated, replaced on resubmission.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserGrainFeedbackTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Feedback_on_an_own_reply_is_trimmed_stored_replaced_and_shown_in_the_history()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var turn = await CompletedTurnAsync(grain, "How do I grow?");

        var first = await grain.SubmitFeedbackAsync(turn, new FeedbackSubmission { Rating = "down", Comment = "  Too generic.  " });
        Assert.Equal((FeedbackRating.Down, "Too generic."), (first.Rating, first.Comment));

        var second = await grain.SubmitFeedbackAsync(turn, new FeedbackSubmission { Rating = "up", Comment = "   " });
        Assert.Equal((FeedbackRating.Up, null), (second.Rating, second.Comment));

        var history = await grain.GetHistoryAsync(10);
        Assert.Null(Assert.Single(history.Messages, m => m.Role == MessageRole.User).Feedback);
        Assert.Equal(second, Assert.Single(history.Messages, m => m.Role == MessageRole.Assistant).Feedback);
        var stored = await fixture.Transcripts.GetTurnAsync(user, turn, Cancel);
        Assert.Equal(second, stored.Single(m => m.Role == MessageRole.Assistant).Feedback);
    }

    [Fact]
    public async Task A_comment_of_exactly_the_limit_is_accepted_and_one_more_character_is_refused()
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var turn = await CompletedTurnAsync(grain, "Limits?");

        var atLimit = await grain.SubmitFeedbackAsync(turn, new FeedbackSubmission { Rating = "up", Comment = new string('a', TurnFeedback.MaxCommentLength) });
        Assert.Equal(TurnFeedback.MaxCommentLength, atLimit.Comment!.Length);

        var refused = await Assert.ThrowsAsync<CoachBotException>(() =>
            grain.SubmitFeedbackAsync(turn, new FeedbackSubmission { Rating = "down", Comment = new string('b', TurnFeedback.MaxCommentLength + 1) }));
        Assert.Equal(ErrorCodes.InvalidArgument, refused.Code);
        Assert.Equal(atLimit, (await grain.GetHistoryAsync(10)).Messages.Single(m => m.Role == MessageRole.Assistant).Feedback);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sideways")]
    [InlineData("1")]
    public async Task A_rating_other_than_up_or_down_is_refused(string? rating)
    {
        var grain = fixture.UserGrain(ClusterFixture.NewUser());
        var turn = await CompletedTurnAsync(grain, "Rate me");

        var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.SubmitFeedbackAsync(turn, new FeedbackSubmission { Rating = rating }));

        Assert.Equal(ErrorCodes.InvalidArgument, refused.Code);
    }

    [Fact]
    public async Task Unknown_turns_and_turns_of_another_user_or_tenant_are_not_found_and_stay_untouched()
    {
        var owner = ClusterFixture.NewUser();
        var ownersTurn = await CompletedTurnAsync(fixture.UserGrain(owner), "Mine");
        var sameTenant = fixture.UserGrain(ClusterFixture.NewUser());
        var otherTenant = fixture.UserGrain(new UserKey(TenantId.Parse("tenant-b"), owner.User));
        var feedback = new FeedbackSubmission { Rating = "down", Comment = "Not my turn" };

        foreach (var (grain, turn) in new[] { (sameTenant, ownersTurn), (otherTenant, ownersTurn), (fixture.UserGrain(owner), TurnId.New()) })
        {
            var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.SubmitFeedbackAsync(turn, feedback));
            Assert.Equal(ErrorCodes.TurnNotFound, refused.Code);
        }

        Assert.All(await fixture.Transcripts.GetTurnAsync(owner, ownersTurn, Cancel), m => Assert.Null(m.Feedback));
    }

    [Fact]
    public async Task A_reply_still_being_written_refuses_feedback_and_takes_it_once_cancelled()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var gate = ScriptedCoachingEngine.OpenGate(user.User.Value);
        var started = await grain.StartTurnAsync($"gate:{user.User.Value} still writing");
        await gate.Started.Task.WaitAsync(Bound, Cancel);

        var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.SubmitFeedbackAsync(started.TurnId, new FeedbackSubmission { Rating = "up" }));
        Assert.Equal(ErrorCodes.TurnInProgress, refused.Code);

        Assert.True(await grain.CancelTurnAsync(started.TurnId));
        var (_, end, _) = await grain.ReadToEndAsync(started.TurnId);
        Assert.Equal(TurnStatus.Cancelled, end.Status);
        var accepted = await grain.SubmitFeedbackAsync(started.TurnId, new FeedbackSubmission { Rating = "down", Comment = "Went off track" });
        Assert.Equal(FeedbackRating.Down, accepted.Rating);
    }

    [Fact]
    public async Task A_failed_reply_takes_feedback_and_erasure_removes_it()
    {
        var user = ClusterFixture.NewUser();
        var grain = fixture.UserGrain(user);
        var started = await grain.StartTurnAsync("fail please");
        var (_, end, _) = await grain.ReadToEndAsync(started.TurnId);
        Assert.Equal(TurnStatus.Failed, end.Status);

        await grain.SubmitFeedbackAsync(started.TurnId, new FeedbackSubmission { Rating = "down", Comment = "It broke" });
        await grain.DeleteAllDataAsync();

        Assert.Empty(await fixture.Transcripts.ListAllAsync(user, Cancel));
        var refused = await Assert.ThrowsAsync<CoachBotException>(() => grain.SubmitFeedbackAsync(started.TurnId, new FeedbackSubmission { Rating = "up" }));
        Assert.Equal(ErrorCodes.TurnNotFound, refused.Code);
    }

    private static async Task<TurnId> CompletedTurnAsync(IUserGrain grain, string question)
    {
        var started = await grain.StartTurnAsync(question);
        var (_, end, _) = await grain.ReadToEndAsync(started.TurnId);
        Assert.Equal(TurnStatus.Completed, end.Status);
        return started.TurnId;
    }
}
