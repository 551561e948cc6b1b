namespace CoachBot.Grains.FaultInjection;

/// <summary>The points of a turn where fault injection can hold it, in the order a turn reaches them.</summary>
public enum TurnPhase
{
    /// <summary>The message was checked and the turn has an id; nothing of it is stored yet.</summary>
    BeforeMessageStored,

    /// <summary>The message and the empty reply row are stored and the turn accepted; the model has not been called.</summary>
    MessageStored,

    /// <summary>The first text of the reply was streamed; the model is still writing.</summary>
    Streaming,

    /// <summary>The reply has ended and every chunk was streamed; its outcome is not stored yet.</summary>
    StoringReply,
}
