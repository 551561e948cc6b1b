using System.Collections.Immutable;
using System.Text;
using CoachBot.Conversations;

namespace CoachBot.Server.Channels.Teams;

/// <summary>What the bot says in Teams besides the coach's replies, and how a reply's sources are shown there (markdown).</summary>
internal static class TeamsMessages
{
    public const string Thinking = "Thinking…";

    public const string LinkUsage = "To use your CoachBot history from the web here, open the coach on the web, choose **Link Teams** and send me `link CODE` with the code it shows.";

    public const string Linked = "Linked. From now on you see the same profile and history here as on the web.";

    public const string LinkRefused = "That code is unknown, used or expired. Create a new one on the web and send `link CODE` again.";

    public const string Unlinked = "Unlinked. Here you now have a history of your own again.";

    public const string NotLinked = "This Teams account is not linked to a CoachBot web account.";

    public const string Busy = "I am still answering your previous message; send this one again when that answer is done.";

    public const string FeedbackThanks = "Thanks for the feedback; it helps your coach get better.";

    public const string FeedbackNotYours = "That rating could not be recorded: the answer belongs to someone else's conversation.";

    public const string Unavailable = "CoachBot is briefly unavailable. Please send your message again in a moment.";

    public static string Welcome(string? greeting) =>
        (string.IsNullOrWhiteSpace(greeting) ? "Hi! I am your career coach. Ask me about roles, skills, salaries or your next step." : greeting.Trim())
        + "\n\n" + LinkUsage;

    /// <summary>The words for a message that could not start a turn.</summary>
    public static string Refused(CoachBotException refusal) => refusal.Code switch
    {
        ErrorCodes.TurnInProgress => Busy,
        ErrorCodes.RateLimited => "You are sending messages faster than I can answer. Please wait a moment and try again.",
        ErrorCodes.QuotaExceeded => "Your organisation has used its CoachBot allowance for now. Please try again later.",
        ErrorCodes.MessageEmpty => "Send me a question about your career and I will help.",
        ErrorCodes.MessageTooLong => "That message is too long for me. Please shorten it and send it again.",
        ErrorCodes.LinkCodeInvalid => LinkRefused,
        ErrorCodes.TurnNotFound => FeedbackNotYours,
        _ => refusal.Message,
    };

    /// <summary>The final text of a turn: the reply with its sources, or a clear word that it failed or was stopped.</summary>
    public static string Final(string reply, TurnEnd? end) => end?.Status switch
    {
        TurnStatus.Completed => WithSources(reply, end.Citations),
        TurnStatus.Cancelled => (reply.Length > 0 ? reply + "\n\n" : "") + "_The reply was stopped._",
        _ => (reply.Length > 0 ? reply + "\n\n" : "")
            + "**Sorry, I could not finish this reply.** " + (end?.ErrorMessage ?? "Something went wrong on our side.")
            + " Please send your message again.",
    };

    private static string WithSources(string reply, ImmutableArray<Citation> citations)
    {
        if (citations.IsDefaultOrEmpty)
        {
            return reply;
        }

        var text = new StringBuilder(reply).Append("\n\n**Sources**\n");
        var number = 0;
        foreach (var citation in citations.DistinctBy(c => (c.RoleId, c.Region, c.SectionId)))
        {
            text.Append('\n').Append(++number).Append(". ").Append(Escape(citation.SectionTitle))
                .Append(" — ").Append(Escape(citation.RoleId)).Append(" (").Append(Escape(citation.Region))
                .Append(", version ").Append(Escape(citation.ContentVersion)).Append(')');
        }

        return text.ToString();
    }

    /// <summary>Content names are shown as text, never as markdown.</summary>
    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
