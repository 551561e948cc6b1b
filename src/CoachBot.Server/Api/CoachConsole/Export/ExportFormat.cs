namespace CoachBot.Server.Api.CoachConsole.Export;

/// <summary>The file formats of a coach export: the <c>format</c> query value, its content type and file extension.</summary>
internal sealed record ExportFormat(string Name, string ContentType, string Extension)
{
    public static readonly ExportFormat Json = new("json", "application/json; charset=utf-8", "json");
    public static readonly ExportFormat Csv = new("csv", "text/csv; charset=utf-8", "csv");
    public static readonly ExportFormat Markdown = new("md", "text/markdown; charset=utf-8", "md");

    /// <summary>The media types the export endpoints declare in the OpenAPI document.</summary>
    public static readonly string[] MediaTypes = ["application/json", "text/csv", "text/markdown"];

    /// <summary>JSON when not given; anything but json, csv or md is 400 <c>invalid_argument</c>.</summary>
    public static ExportFormat Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => Json,
        "csv" => Csv,
        "md" or "markdown" => Markdown,
        _ => throw ConsoleInput.Invalid("format", "json, csv or md"),
    };

    /// <summary>Redaction is on unless asked off: true when not given; anything but true or false is 400 <c>invalid_argument</c>.</summary>
    public static bool ParseRedact(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "true" => true,
        "false" => false,
        _ => throw ConsoleInput.Invalid("redact", "true or false"),
    };

    public IExportWriter CreateWriter(Stream body, DateTimeOffset exportedAt, bool redacted) => Name switch
    {
        "csv" => new CsvExportWriter(body),
        "md" => new MarkdownExportWriter(body, exportedAt, redacted),
        _ => new JsonExportWriter(body, exportedAt, redacted),
    };
}

/// <summary>Writes an export to the response one conversation at a time, so a large export never sits in memory whole.</summary>
internal interface IExportWriter : IAsyncDisposable
{
    Task WriteAsync(ExportedConversation conversation, CancellationToken cancellationToken);

    /// <summary>Closes the document; a writer disposed without it leaves the file visibly cut.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
