using CoachBot.Coaching.RoleContent;

namespace CoachBot.Coaching.Offline;

public static partial class OfflineCoach
{
    /// <summary>
    /// A question the tenant's coaches answered: their approved answer is the reply, line by line and cited, introduced
    /// as theirs. Nothing composed from the role page is added, since it could contradict what the coaches corrected.
    /// </summary>
    private static void WriteApproved(Turn turn, RoleSection answer)
    {
        turn.Reply.Paragraph("Your coaching team has reviewed this question, and this is the answer they approved:");
        foreach (var raw in answer.Text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length > 2 && line[0] is '-' or '*' or '•' && line[1] == ' ')
            {
                turn.Reply.Bullet(turn.Reply.Grounded(line[2..], answer));
            }
            else if (line.Length > 0)
            {
                turn.Reply.Paragraph(turn.Reply.Grounded(line, answer));
            }
        }

        turn.Reply.Paragraph("If your situation differs from the question as they answered it, tell me how and I'll tailor it.");
    }
}
