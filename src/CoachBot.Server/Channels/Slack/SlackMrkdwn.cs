using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CoachBot.Conversations;
using CoachBot.Ids;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// Replies as Slack shows them: the coach writes Markdown, Slack messages use mrkdwn (<c>*bold*</c>, <c>&lt;url|text&gt;</c>,
/// with <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped), and a finished reply carries its sources and buttons as blocks.
/// </summary>
internal static partial class SlackMrkdwn
{
    /// <summary>Slack's limit for the text of one section block.</summary>
    public const int SectionLimit = 3000;

    /// <summary>What a chat.postMessage / chat.update text is kept under (Slack truncates at 40,000).</summary>
    public const int MessageLimit = 39_000;

    /// <summary>Slack's limit for one piece of streamed markdown.</summary>
    public const int MarkdownLimit = 12_000;

    public const string FeedbackUpAction = "coachbot_feedback_up";
    public const string FeedbackDownAction = "coachbot_feedback_down";
    public const string NewConversationAction = "coachbot_new_conversation";

    /// <summary>Escapes the three characters Slack reserves for its own markup.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Markdown as mrkdwn: bold, links, headings and bullets; everything else escaped.</summary>
    public static string FromMarkdown(string markdown)
    {
        var links = new List<string>();
        // Links first, before escaping, so their URLs survive; a placeholder keeps them out of the other rewrites.
        var text = MarkdownLink().Replace(markdown, match =>
        {
            links.Add($"<{match.Groups["url"].Value}|{Escape(match.Groups["text"].Value)}>");
            return $"\u0001{links.Count - 1}\u0002";
        });
        text = Escape(text);
        text = Bold().Replace(text, "*${inner}*");
        text = Heading().Replace(text, "*${inner}*");
        text = Bullet().Replace(text, "${indent}• ");
        return Placeholder().Replace(text, match => links[int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    /// <summary>The sources of a reply as one mrkdwn line per role-content section.</summary>
    public static string? Sources(IReadOnlyCollection<Citation> citations)
    {
        if (citations.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder("*Sources*");
        foreach (var citation in citations.DistinctBy(c => (c.RoleId, c.Region, c.SectionId)))
        {
            text.Append("\n• ").Append(Escape(citation.SectionTitle)).Append(" — _").Append(Escape(citation.RoleId)).Append("_ (")
                .Append(Escape(citation.Region)).Append(", content ").Append(Escape(citation.ContentVersion)).Append(')');
        }

        return text.ToString();
    }

    /// <summary>What a reply's message ends with: an error line for a turn that did not complete.</summary>
    public static string? Outcome(TurnEnd? end) => end switch
    {
        null => ":warning: The reply was cut off. Your message is saved; please ask again.",
        { Status: TurnStatus.Failed } => $":warning: Sorry, I could not finish this reply ({Escape(end.ErrorMessage ?? "the coach failed")}). Your message is saved; please ask again.",
        { Status: TurnStatus.Cancelled } => "_The reply was stopped._",
        _ => null,
    };

    /// <summary>The blocks under a finished reply: its sources and the feedback and new-conversation buttons.</summary>
    public static JsonArray Footer(TurnId turnId, TurnEnd? end)
    {
        var blocks = new JsonArray();
        if (end is not null && Sources(end.Citations) is { } sources)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = Truncate(sources, SectionLimit) }),
            });
        }

        var buttons = new JsonArray();
        if (end is { Status: TurnStatus.Completed })
        {
            buttons.Add(Button("👍", FeedbackUpAction, turnId.ToString()));
            buttons.Add(Button("👎", FeedbackDownAction, turnId.ToString()));
        }

        buttons.Add(Button("New conversation", NewConversationAction, "new"));
        blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = "coachbot_reply_actions", ["elements"] = buttons });
        return blocks;
    }

    /// <summary>A whole reply as section blocks (each under Slack's limit) followed by <see cref="Footer"/>.</summary>
    public static JsonArray Message(string mrkdwn, TurnId turnId, TurnEnd? end)
    {
        var blocks = new JsonArray();
        foreach (var piece in Split(mrkdwn, SectionLimit).Take(45))
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = piece } });
        }

        foreach (var block in Footer(turnId, end))
        {
            blocks.Add(block!.DeepClone());
        }

        return blocks;
    }

    /// <summary>Pieces of at most <paramref name="limit"/> characters, cut at a line or word break where there is one.</summary>
    public static IEnumerable<string> Split(string text, int limit)
    {
        var start = 0;
        while (text.Length - start > limit)
        {
            var cut = text.LastIndexOf('\n', start + limit - 1, limit);
            if (cut <= start)
            {
                cut = text.LastIndexOf(' ', start + limit - 1, limit);
            }

            if (cut <= start || char.IsLowSurrogate(text[cut]))
            {
                cut = start + limit - (char.IsHighSurrogate(text[start + limit - 1]) ? 1 : 0);
            }

            yield return text[start..cut];
            start = cut;
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    /// <summary>The text cut to <paramref name="limit"/> characters with a note that the rest is in the history.</summary>
    public static string Truncate(string text, int limit)
    {
        const string more = "\n… (the full reply is in your CoachBot history)";
        return text.Length <= limit ? text : string.Concat(Split(text, limit - more.Length).First(), more);
    }

    private static JsonObject Button(string label, string actionId, string value) => new()
    {
        ["type"] = "button",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label, ["emoji"] = true },
        ["action_id"] = actionId,
        ["value"] = value,
    };

    [GeneratedRegex(@"\[(?<text>[^\]\n]+)\]\((?<url>https?://[^)\s|<>]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\*\*(?<inner>[^*\n]+)\*\*|__(?<inner>[^_\n]+)__")]
    private static partial Regex Bold();

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<inner>.+?)[ \t]*#*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?<indent>[ \t]*)[-*+][ \t]+", RegexOptions.Multiline)]
    private static partial Regex Bullet();

    [GeneratedRegex("\u0001(?<index>[0-9]+)\u0002")]
    private static partial Regex Placeholder();
}
