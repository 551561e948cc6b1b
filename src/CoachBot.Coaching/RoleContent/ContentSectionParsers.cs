using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching.RoleContent;

/// <summary>Parses the sections made of paragraphs, plain bullets, skill bullets and certification bullets.</summary>
internal static partial class ContentSectionParsers
{
    private const string WeakLabel = "Weak bullet: ";
    private const string StrongLabel = "Strong bullet: ";
    private const string AtsLabel = "ATS keywords: ";

    /// <summary>One or two paragraphs, nothing else.</summary>
    public static string ParseOverview(SectionCursor cursor)
    {
        var paragraphs = Paragraphs(cursor, "the overview");
        cursor.RejectRest("the overview, which holds only one or two paragraphs");
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>Only bullets, between <paramref name="min"/> and <paramref name="max"/> of them.</summary>
    public static ImmutableArray<string> ParseBullets(SectionCursor cursor, int min, int max)
    {
        var bullets = cursor.TakeOnly(LineKind.Bullet, "a section that holds only bullets");
        if (bullets.Length < min || bullets.Length > max)
        {
            cursor.Problems.Add(cursor.LineNumber, $"the section has {bullets.Length} bullets; {min}–{max} are required");
        }

        return [.. bullets.Select(b => b.Text)];
    }

    /// <summary>Only "- **Skill** — description" bullets with plain, unique names.</summary>
    public static ImmutableArray<RoleSkill> ParseSkills(SectionCursor cursor, int min, int max)
    {
        var bullets = cursor.TakeOnly(LineKind.Bullet, "a skills section, which holds only skill bullets");
        if (bullets.Length < min || bullets.Length > max)
        {
            cursor.Problems.Add(cursor.LineNumber, $"the section has {bullets.Length} skills; {min}–{max} are required");
        }

        var skills = ImmutableArray.CreateBuilder<RoleSkill>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var bullet in bullets)
        {
            var match = SkillBullet().Match(bullet.Text);
            if (!match.Success)
            {
                cursor.Problems.Add(bullet.Number, $"skill {bullet.Describe()} does not match '- **<Skill name>** — <description>'");
                continue;
            }

            var name = match.Groups["skill"].Value;
            if (name != name.Trim() || name.IndexOfAny(['(', ')']) >= 0 || name.TrimEnd().EndsWith(['.', ',', ';', ':', '!', '?']))
            {
                cursor.Problems.Add(bullet.Number, $"skill name '{name}' must be a plain name without parentheses, surrounding spaces or trailing punctuation");
            }
            else if (!names.Add(name))
            {
                cursor.Problems.Add(bullet.Number, $"skill '{name}' is listed more than once");
            }

            skills.Add(new RoleSkill(name, match.Groups["desc"].Value));
        }

        return skills.ToImmutable();
    }

    /// <summary>One or two paragraphs, then "Certifications:" and 2–5 certification bullets.</summary>
    public static (ImmutableArray<string> Paragraphs, ImmutableArray<RoleCertification> Certifications) ParseEducation(SectionCursor cursor)
    {
        var paragraphs = Paragraphs(cursor, "the education paths");
        var bullets = cursor.TakeLabeledLines(PageLine.Certifications, 2, 5, "this section");
        cursor.RejectRest("this section after the certifications");
        var certifications = ImmutableArray.CreateBuilder<RoleCertification>();
        foreach (var bullet in bullets)
        {
            var match = CertificationBullet().Match(bullet.Text);
            if (match.Success)
            {
                certifications.Add(new RoleCertification(match.Groups["name"].Value, match.Groups["issuer"].Value, match.Groups["when"].Value));
            }
            else
            {
                cursor.Problems.Add(bullet.Number, $"certification {bullet.Describe()} does not match '- **<Exact certification name>** (<Issuer>) — <when it helps>'");
            }
        }

        return (paragraphs, certifications.ToImmutable());
    }

    /// <summary>Bullets only, including one "ATS keywords:" bullet and a "Weak bullet:" directly followed by a "Strong bullet:".</summary>
    public static ResumeAdvice ParseResume(SectionCursor cursor)
    {
        var bullets = cursor.TakeOnly(LineKind.Bullet, "a section that holds only bullets");
        var advice = ImmutableArray.CreateBuilder<string>();
        string? ats = null, weak = null, strong = null;
        for (var i = 0; i < bullets.Length; i++)
        {
            var (line, text) = (bullets[i].Number, bullets[i].Text);
            if (text.StartsWith(AtsLabel, StringComparison.Ordinal))
            {
                Once(ref ats, text[AtsLabel.Length..], "ATS keywords", line, cursor.Problems);
            }
            else if (text.StartsWith(WeakLabel, StringComparison.Ordinal))
            {
                Once(ref weak, Quoted(text[WeakLabel.Length..], "weak", line, cursor.Problems), "Weak bullet", line, cursor.Problems);
                if (i + 1 < bullets.Length && bullets[i + 1].Text.StartsWith(StrongLabel, StringComparison.Ordinal))
                {
                    i++;
                    Once(ref strong, Quoted(bullets[i].Text[StrongLabel.Length..], "strong", bullets[i].Number, cursor.Problems), "Strong bullet", bullets[i].Number, cursor.Problems);
                }
                else
                {
                    cursor.Problems.Add(line, "'Weak bullet:' must be followed immediately by a 'Strong bullet:' bullet");
                }
            }
            else if (text.StartsWith(StrongLabel, StringComparison.Ordinal))
            {
                cursor.Problems.Add(line, "'Strong bullet:' must come immediately after the 'Weak bullet:' bullet");
            }
            else
            {
                advice.Add(text);
            }
        }

        if (ats is null)
        {
            cursor.Problems.Add("the '- ATS keywords: <advice>' bullet is missing");
        }

        if (weak is null)
        {
            cursor.Problems.Add("the '- Weak bullet: \"<example>\"' and '- Strong bullet: \"<example>\"' pair is missing");
        }

        return new ResumeAdvice(advice.ToImmutable(), ats ?? "", weak ?? "", strong ?? "");
    }

    /// <summary>"Short term (next 90 days):" and "Long term:", each with 3–6 bullets.</summary>
    public static ActionPlan ParseActionPlan(SectionCursor cursor)
    {
        var shortTerm = cursor.TakeLabeledList(PageLine.ShortTerm, 3, 6, "the action plan");
        var longTerm = cursor.TakeLabeledList(PageLine.LongTerm, 3, 6, "the action plan");
        cursor.RejectRest("the action plan");
        return new ActionPlan(shortTerm, longTerm);
    }

    private static ImmutableArray<string> Paragraphs(SectionCursor cursor, string what)
    {
        var paragraphs = cursor.TakeAll(LineKind.Paragraph);
        if (paragraphs.Length is < 1 or > 2)
        {
            cursor.Problems.Add(cursor.LineNumber, $"{what} must be one or two paragraph lines, found {paragraphs.Length}");
        }

        return [.. paragraphs.Select(p => p.Text)];
    }

    private static void Once(ref string? slot, string value, string label, int line, SectionProblems problems)
    {
        if (slot is not null)
        {
            problems.Add(line, $"'{label}:' appears more than once");
            return;
        }

        slot = value;
    }

    private static string Quoted(string text, string which, int line, SectionProblems problems)
    {
        var match = QuotedExample().Match(text);
        if (!match.Success)
        {
            problems.Add(line, $"the {which} bullet example must be enclosed in straight double quotes, like \"Built ...\"");
            return text;
        }

        return match.Groups["text"].Value;
    }

    [GeneratedRegex(@"^\*\*(?<skill>[^*]+)\*\* — (?<desc>.+)$")]
    private static partial Regex SkillBullet();

    [GeneratedRegex(@"^\*\*(?<name>.+?)\*\* \((?<issuer>[^()]+)\) — (?<when>.+)$")]
    private static partial Regex CertificationBullet();

    [GeneratedRegex("^\"(?<text>[^\"]+)\"$")]
    private static partial Regex QuotedExample();
}
