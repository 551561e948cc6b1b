using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CoachBot.Server.Channels.Slack;

/// <summary>
/// The Slack Web API methods CoachBot calls. Write methods send JSON with the bot token as a bearer token; a 429 is retried
/// after its Retry-After by the client's resilience pipeline; an answer with <c>"ok": false</c> throws
/// <see cref="SlackApiException"/> carrying Slack's error code.
/// </summary>
internal sealed class SlackWebApi(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Posts a message (into a thread when <paramref name="threadTs"/> is given); returns its ts.</summary>
    public async Task<string> PostMessageAsync(string token, string channel, string? threadTs, string text, JsonArray? blocks, CancellationToken cancellationToken) =>
        RequireTs(await CallAsync("chat.postMessage", token, new JsonObject
        {
            ["channel"] = channel,
            ["thread_ts"] = threadTs,
            ["text"] = text,
            ["blocks"] = blocks,
            ["unfurl_links"] = false,
        }, cancellationToken));

    /// <summary>Replaces the text (and blocks) of a message the bot posted.</summary>
    public Task UpdateAsync(string token, string channel, string ts, string text, JsonArray? blocks, CancellationToken cancellationToken) =>
        CallAsync("chat.update", token, new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = text, ["blocks"] = blocks ?? [] }, cancellationToken);

    /// <summary>Shows a message only <paramref name="user"/> sees.</summary>
    public Task PostEphemeralAsync(string token, string channel, string user, string? threadTs, string text, CancellationToken cancellationToken) =>
        CallAsync("chat.postEphemeral", token, new JsonObject { ["channel"] = channel, ["user"] = user, ["thread_ts"] = threadTs, ["text"] = text }, cancellationToken);

    /// <summary>Starts a streamed reply in a thread; returns its ts.</summary>
    public async Task<string> StartStreamAsync(
        string token, string channel, string threadTs, string recipientUser, string recipientTeam, string? markdown, CancellationToken cancellationToken) =>
        RequireTs(await CallAsync("chat.startStream", token, new JsonObject
        {
            ["channel"] = channel,
            ["thread_ts"] = threadTs,
            ["recipient_user_id"] = recipientUser,
            ["recipient_team_id"] = recipientTeam,
            ["markdown_text"] = markdown,
        }, cancellationToken));

    /// <summary>Appends markdown to a streamed reply.</summary>
    public Task AppendStreamAsync(string token, string channel, string ts, string markdown, CancellationToken cancellationToken) =>
        CallAsync("chat.appendStream", token, new JsonObject { ["channel"] = channel, ["ts"] = ts, ["markdown_text"] = markdown }, cancellationToken);

    /// <summary>Ends a streamed reply with its last markdown and the blocks shown under it.</summary>
    public Task StopStreamAsync(string token, string channel, string ts, string? markdown, JsonArray? blocks, CancellationToken cancellationToken) =>
        CallAsync("chat.stopStream", token, new JsonObject { ["channel"] = channel, ["ts"] = ts, ["markdown_text"] = markdown, ["blocks"] = blocks }, cancellationToken);

    /// <summary>Answers a slash command through its response URL with a message only the person sees.</summary>
    public async Task RespondAsync(Uri responseUrl, string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(responseUrl, new JsonObject { ["response_type"] = "ephemeral", ["text"] = text }, Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException("response_url", "http_" + (int)response.StatusCode);
        }
    }

    /// <summary>Exchanges an OAuth code for the workspace's bot token (<c>oauth.v2.access</c>, form-encoded, client credentials as basic auth).</summary>
    public async Task<SlackInstallation> ExchangeCodeAsync(string clientId, string clientSecret, string code, Uri redirectUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth.v2.access")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["redirect_uri"] = redirectUri.ToString() }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(clientId + ":" + clientSecret)));
        var answer = await SendAsync("oauth.v2.access", request, cancellationToken);
        var token = answer["access_token"]?.GetValue<string>();
        var team = answer["team"]?["id"]?.GetValue<string>();
        if (token is null || team is null || answer["token_type"]?.GetValue<string>() is not (null or "bot"))
        {
            throw new SlackApiException("oauth.v2.access", "unexpected_response");
        }

        return new SlackInstallation(
            token,
            team,
            answer["team"]?["name"]?.GetValue<string>(),
            answer["enterprise"]?["id"]?.GetValue<string>(),
            answer["is_enterprise_install"]?.GetValue<bool>() ?? false,
            answer["app_id"]?.GetValue<string>(),
            answer["bot_user_id"]?.GetValue<string>());
    }

    private async Task<JsonObject> CallAsync(string method, string token, JsonObject payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = JsonContent.Create(payload, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await SendAsync(method, request, cancellationToken);
    }

    private async Task<JsonObject> SendAsync(string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SlackApiException(method, response.StatusCode == System.Net.HttpStatusCode.TooManyRequests ? "ratelimited" : "http_" + (int)response.StatusCode);
        }

        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(Json, cancellationToken)
            ?? throw new SlackApiException(method, "empty_response");
        if (answer["ok"]?.GetValue<bool>() != true)
        {
            throw new SlackApiException(method, answer["error"]?.GetValue<string>() ?? "unknown_error");
        }

        return answer;
    }

    private static string RequireTs(JsonObject answer) =>
        answer["ts"]?.GetValue<string>() ?? throw new SlackApiException("chat", "missing_ts");
}

/// <summary>What <c>oauth.v2.access</c> answered for an install.</summary>
internal sealed record SlackInstallation(
    string BotToken, string TeamId, string? TeamName, string? EnterpriseId, bool IsEnterpriseInstall, string? AppId, string? BotUserId);

/// <summary>Slack answered a Web API call with an error (or not at all).</summary>
internal sealed class SlackApiException : Exception
{
    public SlackApiException()
    {
        Method = "";
        Error = "unknown_error";
    }

    public SlackApiException(string message)
        : base(message)
    {
        Method = "";
        Error = "unknown_error";
    }

    public SlackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Method = "";
        Error = "unknown_error";
    }

    public SlackApiException(string method, string error)
        : base($"Slack refused {method}: {error}")
    {
        Method = method;
        Error = error;
    }

    /// <summary>The Web API method.</summary>
    public string Method { get; }

    /// <summary>Slack's error code, e.g. <c>channel_not_found</c>, or <c>http_503</c>.</summary>
    public string Error { get; }
}
