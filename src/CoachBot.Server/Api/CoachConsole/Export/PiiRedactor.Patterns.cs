using System.Text.RegularExpressions;

namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>
/// The redactor's patterns. Cue words are matched in any case; the name or organisation after them must be written
/// with capitals, which is what tells "I work at Globex" from "I work at night".
/// </summary>
internal sealed partial class PiiRedactor
{
    private const int TimeoutMs = 1000;
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private const RegexOptions LineOptions = RegexOptions.CultureInvariant | RegexOptions.Multiline;

    // A capitalised word that ends in a lowercase letter ("Priya", "O'Neil", "Anne-Marie"); "SQL" or "AWS" never is one.
    private const string NameWord = @"\p{Lu}[\p{L}'’]*\p{Ll}(?:-\p{Lu}[\p{L}'’]*\p{Ll})?";
    private const string Name = @"(?<name>" + NameWord + @"(?:[ \t]+" + NameWord + @"){0,2})";

    // An organisation: up to five capitalised words ("Globex", "Booking.com", "AT&T", "Bank of Springfield").
    private const string OrgWord = @"\p{Lu}(?:[\p{L}\p{N}&'’+]|[.-](?=[\p{L}\p{N}]))+";
    private const string Org = @"(?<org>" + OrgWord + @"(?:[ \t]+(?:(?:&|and|of|de|für|und)[ \t]+)?" + OrgWord + @"){0,4})";

    private const string Currency = @"USD|EUR|GBP|INR|CAD|AUD|CHF";
    private const string Thousands = @"\d+(?:[,.\u00A0\u202F ]\d{3})*(?!\d)(?:[.,]\d{1,2})?";

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}", Options, TimeoutMs)]
    private static partial Regex EmailPattern();

    // "$85,000", "€60.000", "£45k", "USD 120k", "85,000 USD", "60.000 €", "12 lakh".
    [GeneratedRegex(@"(?:[$€£¥₹]|\b(?:" + Currency + @")[ \t]?)[ \t]?" + Thousands + @"(?:[ \t]?(?:[kKmM]|mn|million|thousand|lakhs?|LPA)\b)?"
        + @"|\b\d+(?:[,.\u00A0\u202F]\d{3})*(?!\d)(?:[.,]\d{1,2})?[ \t]?[kK]?[ \t]?(?:(?:" + Currency + @"|dollars|euros|pounds|rupees|bucks)\b|[$€£])",
        Options, TimeoutMs)]
    private static partial Regex CurrencyAmountPattern();

    // Figures that are salary-like only next to a pay word: "85,000", "60.000", "90k", "85.5k", "120000", "12 LPA".
    [GeneratedRegex(@"\b\d{1,3}(?:[,.\u00A0\u202F]\d{3})+(?!\d)(?:[ \t]?[kK]\b)?|\b\d+(?:[.,]\d+)?[ \t]?(?:[kK]|LPA|lakhs?)\b|\b\d{5,7}\b", Options, TimeoutMs)]
    private static partial Regex BareFigurePattern();

    [GeneratedRegex(@"\b(?:salary|salaries|earn|earns|earned|earning|earnings|paid|pay|make|makes|made|making|offer|offers|offered"
        + @"|compensation|comp|base|bonus|bonuses|income|wage|wages|package|raise|ctc|tc|lpa|stipend|annually|per\s+(?:year|annum|month|hour)|a\s+year)\b",
        Options | RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex PayWordPattern();

    [GeneratedRegex(@"(?i:\bmy\s+name\s+is|\bmy\s+name['’]s|\bname\s*:|\bcall\s+me|\bi\s+go\s+by)[ \t]+" + Name, Options, TimeoutMs)]
    private static partial Regex IntroducedNamePattern();

    [GeneratedRegex(@"(?i:\bI['’]m|\bI\s+am|\bIm)[ \t]+" + Name, Options, TimeoutMs)]
    private static partial Regex SelfNamePattern();

    // A line of its own under a sign-off line ("Thanks,\nPriya Raman").
    [GeneratedRegex(@"^[ \t]*(?i:thanks(?:\s+again|\s+a\s+lot|\s+so\s+much)?|thank\s+you(?:\s+so\s+much)?|many\s+thanks|best(?:\s+wishes|\s+regards)?"
        + @"|kind\s+regards|warm\s+regards|regards|cheers|sincerely|warmly|all\s+the\s+best|take\s+care)[ \t]*[,.!]?[ \t]*\r?\n[ \t]*" + Name + @"[ \t]*[.!]?[ \t]*\r?$",
        LineOptions, TimeoutMs)]
    private static partial Regex SignatureAfterSignOffPattern();

    // A line that is a dash and a name ("— Dana", "-- Priya Raman"); a single hyphen is a list item, not a signature.
    [GeneratedRegex(@"^[ \t]*(?:--|—|–|~)[ \t]*" + Name + @"[ \t]*\r?$", LineOptions, TimeoutMs)]
    private static partial Regex SignatureLinePattern();

    // A sign-off and a name that end a line ("Thanks, Priya!").
    [GeneratedRegex(@"(?i:\bthanks|\bcheers|\bregards|\bbest)[ \t]*,[ \t]*" + Name + @"[ \t]*[.!]?[ \t]*\r?$", LineOptions, TimeoutMs)]
    private static partial Regex SignOffWithNamePattern();

    // "I work at Globex", "worked as a Data Engineer at Initech", "my job at Acme", "interning at Hooli", "work for Umbrella".
    [GeneratedRegex(@"(?i:\b(?:work(?:s|ed|ing)?|employed|intern(?:s|ed|ing|ship)?|jobs?|position|role|contract(?:s|ed|ing|or)?|engineer|developer"
        + @"|analyst|manager|designer|scientist|consultant|programmer|tester|architect|administrator|specialist|officer|assistant|associate|director)\b)"
        + @"(?:[ \t]+[\p{L}-]+){0,5}?[ \t]+(?i:at)[ \t]+(?:(?i:the)[ \t]+)?" + Org
        + @"|(?i:\bwork(?:s|ed|ing)?[ \t]+for)[ \t]+(?:(?i:the)[ \t]+)?" + Org,
        Options, TimeoutMs)]
    private static partial Regex EmployedAtPattern();

    [GeneratedRegex(@"(?i:\b(?:joined|joining|left|leaving|quit|quitting|resigned\s+from|laid\s+off\s+(?:from|by))\b)[ \t]+(?:(?i:the)[ \t]+)?" + Org, Options, TimeoutMs)]
    private static partial Regex JoinedOrLeftPattern();

    // "Globex laid me off", "Initech let me go".
    [GeneratedRegex(Org + @"[ \t]+(?i:laid\s+me\s+off|let\s+me\s+go|fired\s+me|hired\s+me|made\s+me\s+redundant|offered\s+me|rejected\s+me)\b", Options, TimeoutMs)]
    private static partial Regex LetGoByPattern();

    [GeneratedRegex(@"[\p{L}\p{N}&'’+.-]+", Options, TimeoutMs)]
    private static partial Regex WordPattern();

    // Words that start sentences, name a job, level, field, place of origin or language, or address someone: written with
    // a capital after "I'm" or "at" they are still not a person's name ("I'm Senior Data Engineer", "I'm German").
    private static readonly HashSet<string> CommonCapitalisedWords = new(StringComparer.Ordinal)
    {
        "I", "A", "An", "The", "My", "Our", "Your", "This", "That", "These", "Those", "It", "He", "She", "We", "You", "They", "Who", "What", "Which",
        "How", "Why", "Where", "When", "Then", "But", "And", "Or", "So", "If", "After", "Before", "Since", "Until", "While", "Last", "Next",
        "Recently", "Sadly", "Unfortunately", "Yesterday", "Today", "Tomorrow", "Now", "Eventually", "Finally", "Also", "Still", "Just", "Not",
        "Currently", "Really", "Very", "Here", "There", "Back", "From", "In", "At", "On", "For", "With", "To", "Of", "By", "About", "Based",
        "Looking", "Interested", "Trying", "Working", "Happy", "Glad", "Sorry", "Excited", "Ready", "Sure", "New", "Fine", "Good", "Okay", "Ok",
        "Thinking", "Planning", "Applying", "Hoping", "Learning", "Studying", "Open", "Unemployed", "Employed", "Self", "Freelance", "Remote",
        "Certified", "Hi", "Hello", "Hey", "Thanks", "Thank", "Please", "Yes", "No", "Maybe", "Well", "Actually", "Basically", "Honestly",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Senior", "Junior", "Mid", "Lead", "Principal", "Staff", "Entry", "Level", "Head", "Chief", "Director", "Intern", "Student", "Graduate",
        "Data", "Software", "Backend", "Frontend", "Full", "Stack", "Fullstack", "Cloud", "DevOps", "Machine", "Learning", "Product", "Project",
        "Program", "Engineering", "Engineer", "Engineers", "Developer", "Developers", "Analyst", "Manager", "Designer", "Scientist", "Architect",
        "Consultant", "Tech", "Technical", "Security", "Network", "Systems", "Test", "Tester", "Mobile", "Web", "Android", "Java", "Python",
        "Team", "Company", "Startup", "Home", "Night", "Present", "Least", "Scale", "Work",
        "English", "German", "Indian", "American", "British", "Canadian", "French", "Spanish", "Italian", "Dutch", "Polish", "Chinese",
        "Japanese", "Korean", "Brazilian", "Mexican", "Australian", "Irish", "Scottish", "Welsh", "European", "Asian", "African", "Hindi",
        "Swiss", "Austrian", "Swedish", "Norwegian", "Danish", "Finnish", "Russian", "Ukrainian", "Turkish", "Pakistani", "Nigerian", "Kenyan",
    };

    private static readonly HashSet<string> NotNameWords = new(CommonCapitalisedWords.Concat(["Coach", "Mr", "Mrs", "Ms", "Dr", "Prof", "Sir", "Madam", "Miss"]), StringComparer.Ordinal);

    private static readonly HashSet<string> NotEmployerWords = CommonCapitalisedWords;

    // First names that are also everyday words: a known name redacts them only as part of the full name.
    private static readonly HashSet<string> CommonWordNames = new(StringComparer.Ordinal)
    {
        "Will", "May", "June", "April", "August", "Hope", "Joy", "Grace", "Faith", "Summer", "Bill", "Rich", "Sky", "Art", "Chase", "Dawn",
        "Rose", "Mark", "Frank", "Bob", "Sunny", "Amber", "Ruby", "Pearl", "Iris", "Holly", "Ivy", "Jack", "Pat", "Sue", "Don", "Guy",
    };
}
