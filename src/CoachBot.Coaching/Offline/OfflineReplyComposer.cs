using System.Globalization;
using System.Text;
using CoachBot.Profiles;

namespace CoachBot.Coaching.Offline;

/// <summary>
/// Writes the offline coach's reply from the profile and the question. Deterministic: the same inputs give the same reply.
/// </summary>
internal static class OfflineReplyComposer
{
    public static string Compose(CareerProfile? profile, string question)
    {
        profile ??= CareerProfile.Empty;
        var reply = new StringBuilder();
        var topic = Summarize(question);

        reply.Append(CultureInfo.InvariantCulture, $"Let's work on this together: {topic}\n\n");
        reply.Append(DescribeWhereYouAre(profile));
        reply.Append("\n\nHere is how I would approach it:\n");
        reply.Append("1. Write down the outcome you want in the next 90 days, in one sentence you could say to a manager.\n");
        reply.Append("2. List the two or three skills that outcome depends on, and rate yourself honestly on each from 1 to 5.\n");
        reply.Append("3. Pick one small, visible piece of work that exercises the weakest of those skills, and finish it this month.\n");
        reply.Append("4. Ask someone a level above you for feedback on it, and note what you would do differently.\n\n");
        reply.Append(NextQuestion(profile));
        return reply.ToString();
    }

    private static string Summarize(string question)
    {
        var trimmed = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        const int Max = 140;
        if (trimmed.Length > Max)
        {
            trimmed = string.Concat(trimmed.AsSpan(0, Max).TrimEnd(), "…");
        }

        return string.Concat("\u201C", trimmed, "\u201D");
    }

    private static string DescribeWhereYouAre(CareerProfile profile)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(profile.CurrentTitle))
        {
            parts.Add($"you work as {profile.CurrentTitle}");
        }

        if (profile.YearsOfExperience is { } years)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"you have {years:0.#} year{(years == 1 ? "" : "s")} of experience"));
        }

        if (!string.IsNullOrWhiteSpace(profile.TargetRole))
        {
            parts.Add($"you are aiming for {profile.TargetRole}{(string.IsNullOrWhiteSpace(profile.Region) ? "" : " in " + profile.Region)}");
        }

        if (profile.Skills.Length > 0)
        {
            parts.Add("your listed skills include " + string.Join(", ", profile.Skills.Take(5).Select(s => s.Name)));
        }

        return parts.Count == 0
            ? "I don't know much about you yet, so this advice is general."
            : "From your profile, " + string.Join("; ", parts) + ". I'll keep that in mind.";
    }

    private static string NextQuestion(CareerProfile profile) =>
        string.IsNullOrWhiteSpace(profile.TargetRole)
            ? "To tailor this, tell me the role you are aiming for and how many years of experience you have."
            : profile.YearsOfExperience is null
                ? "To tailor this further, tell me how many years of experience you have."
                : "Tell me which of those steps feels hardest, and we'll break it down.";
}
