using CoachBot.Coaching.Intents;

namespace CoachBot.Coaching.Tests.Intents;

public sealed class IntentClassifierTests
{
    [Theory]
    [InlineData("What level am I at and what does the next level expect?", CoachingIntent.CareerPath)]
    [InlineData("How do I get promoted to senior?", CoachingIntent.CareerPath)]
    [InlineData("I want to become a staff engineer in a few years, what's the path?", CoachingIntent.CareerPath)]
    [InlineData("Where do I stand on the career ladder?", CoachingIntent.CareerPath)]
    [InlineData("Which skills am I missing for this role?", CoachingIntent.SkillGaps)]
    [InlineData("Can you make me a 30/60/90 day learning plan?", CoachingIntent.SkillGaps)]
    [InlineData("What should I learn next to close my gaps?", CoachingIntent.SkillGaps)]
    [InlineData("Give me a study roadmap for the next three months", CoachingIntent.SkillGaps)]
    [InlineData("Can you review my resume bullets?", CoachingIntent.ResumeReview)]
    [InlineData("- Worked on backend services\n- Helped with testing", CoachingIntent.ResumeReview)]
    [InlineData("How do I get my CV past the ATS?", CoachingIntent.ResumeReview)]
    [InlineData("Help me prepare for my interview next week", CoachingIntent.InterviewPrep)]
    [InlineData("Give me a practice question for a senior interview", CoachingIntent.InterviewPrep)]
    [InlineData("Here is my answer: I would split the service by domain. How would you answer?", CoachingIntent.InterviewPrep)]
    [InlineData("What's the salary for a mid-level backend developer?", CoachingIntent.Salary)]
    [InlineData("How much can a data engineer make in the US?", CoachingIntent.Salary)]
    [InlineData("Should I negotiate my offer?", CoachingIntent.Salary)]
    [InlineData("Which certifications are worth it?", CoachingIntent.Certifications)]
    [InlineData("Is the AWS Certified Developer exam worth my time?", CoachingIntent.Certifications)]
    [InlineData("Should I get the CKA?", CoachingIntent.Certifications)]
    [InlineData("Hi!", CoachingIntent.General)]
    [InlineData("What does a backend developer actually do all day?", CoachingIntent.General)]
    [InlineData("I'm not happy in my job", CoachingIntent.General)]
    [InlineData("What's the weather in Paris tomorrow?", CoachingIntent.OffTopic)]
    [InlineData("Tell me a joke about cats", CoachingIntent.OffTopic)]
    [InlineData("Give me a recipe for pancakes", CoachingIntent.OffTopic)]
    [InlineData("Who won the football match yesterday?", CoachingIntent.OffTopic)]
    public void Messages_are_classified_by_what_the_user_wants(string message, CoachingIntent expected)
    {
        var match = IntentClassifier.Classify(message);

        Assert.Equal(expected, match.Intent);
        Assert.InRange(match.Confidence, 0.0, 1.0);
    }

    [Fact]
    public void The_same_message_always_gets_the_same_intent()
    {
        const string Message = "How much do seniors earn, and which certification helps with the interview?";
        var first = IntentClassifier.Classify(Message);
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(first, IntentClassifier.Classify(Message), (a, b) => a.Intent == b.Intent && a.Confidence == b.Confidence));
    }

    [Fact]
    public void Specific_intents_report_the_signals_that_decided_them()
    {
        var match = IntentClassifier.Classify("What's a fair salary?");
        Assert.Contains(match.Signals, s => s.Contains("salary", StringComparison.OrdinalIgnoreCase));
    }
}
