using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Api.CoachConsole;
using CoachBot.Server.Api.CoachConsole.Export;
using CoachBot.Server.Tests.Identity;
using CoachBot.Server.Tests.Support;
using CoachBot.Storage;
using CsvHelper;
using Markdig;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Api.CoachConsole.Export;

/// <summary>The coach console's exports on the real host: formats, redaction, filters, tenant and consent scoping, refusals and the audit.</summary>
public sealed class CoachExportApiTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private const string PersonalMessage =
        "Hi, my name is Priya Raman. Write to priya.raman@example.com or call (415) 555-0132, or +44 20 7946 0958 when I am in London. "
        + "I work at Globex Corporation and my salary is $85,000; after tax I make 90k.";

    private const string RedactedPersonalMessage =
        "Hi, my name is [name]. Write to [email] or call [phone], or [phone] when I am in London. "
        + "I work at [employer] and my salary is [salary]; after tax I make [salary].";

    private const string HostileMessage = "=HYPERLINK(\"http://evil.example\",\"my CV\")\n# Not a heading\n<script>alert('x')</script>\nWhat does a data engineer earn?";

    /// <summary>Personal details of <see cref="PersonalMessage"/> that no role content holds.</summary>
    private static readonly string[] Personal = ["Priya", "priya.raman@example.com", "555-0132", "7946 0958", "Globex"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("json", "application/json")]
    [InlineData("csv", "text/csv")]
    [InlineData("md", "text/markdown")]
    public async Task Each_format_holds_personal_details_only_when_redaction_is_off(string format, string mediaType)
    {
        var (tenant, conversationId) = await PersonalConversationAsync("export-" + format);
        using var coach = Coach(tenant);
        var path = $"/api/coach/conversations/learner-1/{conversationId}";
        var transcript = (await coach.GetFromJsonAsync<ConversationTranscriptResponse>(path, TestHost.Json, Cancel))!;
        Assert.Equal(4, transcript.Messages.Count);

        foreach (var redact in new[] { false, true })
        {
            using var response = await coach.GetAsync(new Uri($"{path}/export?format={format}&redact={(redact ? "true" : "false")}", UriKind.Relative), Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Matches($"^\"?coachbot-conversation-learner-1-{conversationId}\\.{format}\"?$", response.Content.Headers.ContentDisposition?.FileName);
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            // Ids are kept either way: coaches need them to follow up.
            Assert.Contains(conversationId, body, StringComparison.Ordinal);
            Assert.Contains("learner-1", body, StringComparison.Ordinal);
            // Markdown escapes punctuation ("\@"); the details are looked for in the text as a reader sees it.
            var text = format == "md" ? Unescape(body) : body;
            foreach (var detail in Personal)
            {
                Assert.True(text.Contains(detail, StringComparison.Ordinal) != redact, $"{format}, redact={redact}: '{detail}' {(redact ? "is still there" : "is missing")}");
            }

            var userTexts = format switch
            {
                "json" => AssertJson(body, transcript, redact),
                "csv" => AssertCsv(body, transcript),
                _ => AssertMarkdown(body, transcript),
            };
            Assert.Contains(redact ? RedactedPersonalMessage : PersonalMessage, userTexts);
        }
    }

    [Fact]
    public async Task The_search_export_takes_the_filters_and_only_consenting_users_of_the_coachs_tenant()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "export-set", Cancel);
        var other = await WidgetTenant.CreateAsync(fixture, "export-set-other", Cancel);
        await SendAsync(await SessionAsync(tenant, "learner-1", consent: true), "I love platypus diagrams; how do I become a data engineer?");
        await SendAsync(await SessionAsync(tenant, "learner-2", consent: true), "What do senior backend developers earn?");
        await SendAsync(await SessionAsync(tenant, "learner-3", consent: false), "shy-words-" + tenant.TenantId);
        await SendAsync(await SessionAsync(other, "learner-1", consent: true), "foreign-words-" + other.TenantId);
        using var coach = Coach(tenant);

        var all = await ExportAsync(coach, "/api/coach/export?format=json&redact=false");
        Assert.Equal(["learner-1", "learner-2"], all.Document.Conversations.Select(c => c.UserId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("shy-words", all.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("foreign-words", all.Body, StringComparison.Ordinal);
        Assert.True(all.Document.Conversations.All(c => c.Messages.Count == 2 && c.Messages[0].Role == "user" && c.Messages[1].Role == "assistant"));

        Assert.Equal("learner-2", Assert.Single((await ExportAsync(coach, "/api/coach/export?userId=learner-2&format=json")).Document.Conversations).UserId);
        Assert.Equal("learner-1", Assert.Single((await ExportAsync(coach, "/api/coach/export?q=platypus")).Document.Conversations).UserId);
        Assert.Empty((await ExportAsync(coach, $"/api/coach/export?from={DateTimeOffset.UtcNow.AddDays(2):yyyy-MM-dd}")).Document.Conversations);
        Assert.Empty((await ExportAsync(coach, "/api/coach/export?channel=slack")).Document.Conversations);
        // The search's page size does not cut the export.
        Assert.Equal(2, (await ExportAsync(coach, "/api/coach/export?limit=1")).Document.Conversations.Count);

        using var otherCoach = Coach(other);
        var foreign = await ExportAsync(otherCoach, "/api/coach/export?format=json&redact=false");
        Assert.Equal("learner-1", Assert.Single(foreign.Document.Conversations).UserId);
        Assert.Contains("foreign-words", foreign.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("platypus", foreign.Body, StringComparison.Ordinal);
        using var csv = await otherCoach.GetAsync(new Uri("/api/coach/export?format=csv&redact=false&userId=learner-2", UriKind.Relative), Cancel);
        Assert.Equal([string.Join(',', CsvExportWriter.Header)], (await csv.Content.ReadAsStringAsync(Cancel)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Another_tenants_coach_and_non_consenting_users_get_not_found()
    {
        var (tenant, conversationId) = await PersonalConversationAsync("export-iso");
        var other = await WidgetTenant.CreateAsync(fixture, "export-iso-other", Cancel);
        var shy = await SessionAsync(tenant, "learner-2", consent: false);
        await SendAsync(shy, "shy words");
        using var shyClient = fixture.Host.AuthorizedClient(shy.Token);
        var shyConversation = (await shyClient.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!.ConversationId;
        using var coach = Coach(tenant);
        using var otherCoach = Coach(other);

        foreach (var format in new[] { "json", "csv", "md" })
        {
            var query = $"/export?format={format}&redact=false";
            await ProblemAssert.HasCodeAsync(await otherCoach.GetAsync(new Uri($"/api/coach/conversations/learner-1/{conversationId}{query}", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
            await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri($"/api/coach/conversations/learner-2/{shyConversation}{query}", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
            await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri($"/api/coach/conversations/learner-1/{Guid.NewGuid()}{query}", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        }

        // A bad format on someone else's conversation is still the same 404: the refusal tells nothing about it.
        await ProblemAssert.HasCodeAsync(await otherCoach.GetAsync(new Uri($"/api/coach/conversations/learner-1/{conversationId}/export?format=pdf", UriKind.Relative), Cancel), HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await ExportAsync(otherCoach, "/api/coach/export?userId=learner-1&redact=false")).Document.Conversations);
        Assert.Empty((await ExportAsync(coach, "/api/coach/export?userId=learner-2&redact=false")).Document.Conversations);
    }

    [Theory]
    [InlineData("/api/coach/export?format=xml")]
    [InlineData("/api/coach/export?format=pdf&redact=true")]
    [InlineData("/api/coach/export?redact=maybe")]
    [InlineData("/api/coach/export?limit=0")]
    [InlineData("/api/coach/export?channel=fax")]
    [InlineData("/api/coach/export?from=yesterday")]
    [InlineData("/api/coach/export?q=%22%2A%28%29")]
    [InlineData("/api/coach/conversations/learner-1/{conversation}/export?format=xlsx")]
    [InlineData("/api/coach/conversations/learner-1/{conversation}/export?format=json&redact=yes")]
    public async Task Bad_formats_and_filters_are_400_invalid_argument(string path)
    {
        var (tenant, conversationId) = path.Contains("{conversation}", StringComparison.Ordinal)
            ? await PersonalConversationAsync("export-bad")
            : (await WidgetTenant.CreateAsync(fixture, "export-bad", Cancel), string.Empty);
        using var coach = Coach(tenant);
        var uri = new Uri(path.Replace("{conversation}", conversationId, StringComparison.Ordinal), UriKind.Relative);
        await ProblemAssert.HasCodeAsync(await coach.GetAsync(uri, Cancel), HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task Each_export_is_in_the_audit_without_personal_details()
    {
        var (tenant, conversationId) = await PersonalConversationAsync("export-audit");
        using var coach = Coach(tenant);
        Assert.Single((await ExportAsync(coach, "/api/coach/export?q=Globex&format=json&redact=true")).Document.Conversations);
        using (var single = await coach.GetAsync(new Uri($"/api/coach/conversations/learner-1/{conversationId}/export?format=csv&redact=false", UriKind.Relative), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        }

        var audit = await coach.GetStringAsync(new Uri("/api/coach/audit", UriKind.Relative), Cancel);
        using var entries = JsonDocument.Parse(audit);
        var exports = entries.RootElement.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "coach.exported").ToList();
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e => Assert.Equal("coach-ann", e.GetProperty("actorId").GetString()));
        var conversation = exports[0].GetProperty("detail");
        Assert.Equal(("csv", false, 1, "conversation"), (conversation.GetProperty("format").GetString(), conversation.GetProperty("redacted").GetBoolean(),
            conversation.GetProperty("conversations").GetInt32(), conversation.GetProperty("scope").GetString()));
        Assert.Equal(conversationId, conversation.GetProperty("filters").GetProperty("conversationId").GetString());
        var search = exports[1].GetProperty("detail");
        Assert.Equal(("json", true, 1, "search"), (search.GetProperty("format").GetString(), search.GetProperty("redacted").GetBoolean(),
            search.GetProperty("conversations").GetInt32(), search.GetProperty("scope").GetString()));
        Assert.True(search.GetProperty("filters").GetProperty("text").GetBoolean());
        foreach (var detail in Personal)
        {
            Assert.DoesNotContain(detail, audit, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_search_export_pages_through_up_to_the_cap_and_refuses_more()
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, "export-cap", Cancel);
        await SessionAsync(tenant, "many", consent: true);
        await SendAsync(await SessionAsync(tenant, "one", consent: true), "How do I become a data engineer?");
        var transcripts = fixture.Host.Services.GetRequiredService<ITranscriptStore>();
        var user = new UserKey(TenantId.Parse(tenant.TenantId), UserId.Parse("many"));
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        await transcripts.AppendAsync([.. Enumerable.Range(0, CoachExportEndpoints.MaxConversations - 1).Select(i => Question(user, at.AddSeconds(i), $"Question {i}"))], Cancel);
        using var coach = Coach(tenant);

        var full = await ExportAsync(coach, "/api/coach/export?format=json");
        Assert.Equal(CoachExportEndpoints.MaxConversations, full.Document.Conversations.Count);
        Assert.Equal(CoachExportEndpoints.MaxConversations, full.Document.Conversations.Select(c => c.ConversationId).Distinct(StringComparer.Ordinal).Count());

        await transcripts.AppendAsync([Question(user, at.AddHours(1), "One more")], Cancel);
        await ProblemAssert.HasCodeAsync(await coach.GetAsync(new Uri("/api/coach/export?format=csv", UriKind.Relative), Cancel), HttpStatusCode.BadRequest, "export_too_large");
        Assert.Equal("one", Assert.Single((await ExportAsync(coach, "/api/coach/export?userId=one")).Document.Conversations).UserId);
    }

    [Fact]
    public async Task The_openapi_document_describes_both_exports_with_their_content_types_and_problems()
    {
        using var document = JsonDocument.Parse(await fixture.Host.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Cancel));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (path, name, parameters) in new[]
        {
            ("/api/coach/export", "ExportCoachConversations", new[] { "format", "redact", "q", "userId", "from", "to" }),
            ("/api/coach/conversations/{userId}/{conversationId}/export", "ExportCoachConversation", ["userId", "conversationId", "format", "redact"]),
        })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Equal(name, get.GetProperty("operationId").GetString());
            Assert.False(string.IsNullOrEmpty(get.GetProperty("summary").GetString()));
            var named = get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.All(parameters, parameter => Assert.Contains(parameter, named));
            var responses = get.GetProperty("responses");
            Assert.Equal(["application/json", "text/csv", "text/markdown"], responses.GetProperty("200").GetProperty("content").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.True(responses.TryGetProperty("400", out _), path + " declares 400");
            Assert.Equal(path.Contains("{conversationId}", StringComparison.Ordinal), responses.TryGetProperty("404", out _));
        }
    }

    private static TranscriptMessage Question(UserKey user, DateTimeOffset at, string text) => new()
    {
        TenantId = user.Tenant,
        UserId = user.User,
        ConversationId = ConversationId.New(),
        TurnId = TurnId.New(),
        Role = MessageRole.User,
        Text = text,
        Status = TurnStatus.Completed,
        CreatedAt = at,
        Channel = TurnChannels.Widget,
    };

    /// <summary>The JSON export parsed: one conversation with the transcript's messages, citations with passages; returns the user texts.</summary>
    private static List<string> AssertJson(string body, ConversationTranscriptResponse transcript, bool redact)
    {
        var document = JsonSerializer.Deserialize<ConversationExportDocument>(body, TestHost.Json)!;
        Assert.Equal(redact, document.Redacted);
        var conversation = Assert.Single(document.Conversations);
        Assert.Equal(transcript.Messages.Select(m => (m.TurnId, m.Role, m.Status)), conversation.Messages.Select(m => (m.TurnId, m.Role, m.Status)));
        Assert.NotNull(conversation.Profile);
        var reply = conversation.Messages.First(m => m.Role == "assistant");
        var shown = transcript.Messages.First(m => m.Role == "assistant");
        Assert.Equal(shown.Intent, reply.Intent);
        Assert.Equal(shown.Model, reply.Model);
        Assert.NotNull(reply.LatencyMs);
        // Role-content passages are public content: never redacted.
        Assert.Equal(shown.Citations.Select(c => (c.Id, c.Passage)), reply.Citations.Select(c => (c.Id, c.Passage)));
        Assert.All(reply.Citations, c => Assert.False(string.IsNullOrEmpty(c.Passage)));
        Assert.Contains(conversation.Messages, m => m.Role == "user" && m.Text == HostileMessage);
        return [.. conversation.Messages.Where(m => m.Role == "user").Select(m => m.Text)];
    }

    /// <summary>The CSV export read back: a header and a row per message, no cell a spreadsheet would run; returns the user texts.</summary>
    private static List<string> AssertCsv(string body, ConversationTranscriptResponse transcript)
    {
        using var reader = CsvReader.FromText(body, CsvReaderOptions.Default with { HasHeader = true });
        var rows = new List<Dictionary<string, string?>>();
        while (reader.Read())
        {
            rows.Add(reader.Current.ToDictionary());
        }

        Assert.Equal(CsvExportWriter.Header, reader.Headers);
        Assert.Equal(transcript.Messages.Select(m => ((string?)m.TurnId, (string?)m.Role)), rows.Select(r => (r["turn_id"], r["role"])));
        Assert.All(rows.SelectMany(r => r.Values).OfType<string>(), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), $"a cell starts with a formula character: {cell}"));
        Assert.Contains(rows, r => r["text"] == "'" + HostileMessage);
        return [.. rows.Where(r => r["role"] == "user").Select(r => r["text"] ?? string.Empty)];
    }

    /// <summary>The Markdown export rendered: only the export's own headings, no HTML from a message; returns the user texts.</summary>
    private static List<string> AssertMarkdown(string body, ConversationTranscriptResponse transcript)
    {
        var html = Markdown.ToHtml(body, new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "<h1"));
        Assert.Equal(1, Count(html, "<h2"));
        Assert.Equal(transcript.Messages.Count, Count(html, "<h3"));
        Assert.Contains("\\# Not a heading", body, StringComparison.Ordinal);
        // Each user message is one block quote; its text comes back by reading the quote without the escapes.
        return [.. body.Split("\n\n").Where(block => block.StartsWith("> ", StringComparison.Ordinal))
            .Select(block => Unescape(block.Replace("\\\n> ", "\n", StringComparison.Ordinal)[2..].TrimEnd('\n')))];
    }

    private static string Unescape(string markdown) => System.Text.RegularExpressions.Regex.Replace(markdown, @"\\(.)", "$1");

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static async Task<(ConversationExportDocument Document, string Body)> ExportAsync(HttpClient coach, string path)
    {
        using var response = await coach.GetAsync(new Uri(path, UriKind.Relative), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Matches("^\"?coachbot-conversations-\\d{8}-\\d{6}\\.json\"?$", response.Content.Headers.ContentDisposition?.FileName);
        return (JsonSerializer.Deserialize<ConversationExportDocument>(body, TestHost.Json)!, body);
    }

    /// <summary>A tenant whose consenting learner-1 wrote a message full of personal details and a hostile one.</summary>
    private async Task<(WidgetTenant Tenant, string ConversationId)> PersonalConversationAsync(string name)
    {
        var tenant = await WidgetTenant.CreateAsync(fixture, name, Cancel);
        var learner = await SessionAsync(tenant, "learner-1", consent: true);
        await SendAsync(learner, PersonalMessage);
        await SendAsync(learner, HostileMessage);
        using var client = fixture.Host.AuthorizedClient(learner.Token);
        var history = (await client.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=10", TestHost.Json, Cancel))!;
        return (tenant, history.ConversationId.ToString());
    }

    private HttpClient Coach(WidgetTenant tenant) => StaffTokenIssuer.Client(fixture.Host.BaseAddress, fixture.Staff.Mint("coach-ann", tenant.TenantId, ["coach"]));

    private Task<Server.Identity.IssuedSession> SessionAsync(WidgetTenant tenant, string userId, bool consent) => ConsoleUsers.SessionAsync(fixture, tenant, userId, consent);

    private Task SendAsync(Server.Identity.IssuedSession session, string text) => ConsoleUsers.SendAsync(fixture, session.Token, text);
}
