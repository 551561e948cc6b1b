using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoachBot.Conversations;
using CoachBot.Ids;
using CoachBot.Server.Identity;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Server.Tests.Faults;

/// <summary>What the process-level fault tests do as clients of a server process: sessions, hub connections, history.</summary>
public static class ProcessClients
{
    /// <summary>Questions whose offline replies are long enough to be cut mid-stream.</summary>
    public static readonly string[] Questions =
    [
        "How do I become a senior backend developer?",
        "What should a junior data analyst put on a resume?",
        "Which interview themes come up for a product manager?",
        "What certifications help a cloud engineer?",
    ];

    /// <summary>A new anonymous session from the server at <paramref name="baseAddress"/>.</summary>
    public static async Task<IssuedSession> CreateSessionAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var created = await http.PostAsync(new Uri("/api/sessions", UriKind.Relative), null, cancellationToken);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<IssuedSession>(TestHost.Json, cancellationToken))!;
    }

    /// <summary>A started hub connection to the server at <paramref name="baseAddress"/> with the session token.</summary>
    public static async Task<HubConnection> ConnectAsync(Uri baseAddress, string token, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/coach"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    /// <summary>The stored messages of one turn, read through the REST history of the session's user.</summary>
    public static async Task<IReadOnlyList<TranscriptMessage>> TurnAsync(Uri baseAddress, string token, TurnId turnId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var history = await http.GetFromJsonAsync<ConversationHistory>("/api/me/history?limit=100", TestHost.Json, cancellationToken);
        return [.. history!.Messages.Where(m => m.TurnId == turnId)];
    }

    /// <summary>
    /// The stored reply of a turn cut by a kill: marked interrupted, and the reply the person saw. The last checkpoint may
    /// be behind what reached the person (at most one checkpoint interval) or ahead of it (text stored that the dying
    /// connection did not deliver); either way it is the same reply.
    /// </summary>
    public static void AssertInterruptedKeeping(TranscriptMessage reply, string shown)
    {
        Assert.Equal((TurnStatus.Failed, ErrorCodes.Interrupted), (reply.Status, reply.ErrorCode));
        Assert.True(
            shown.StartsWith(reply.Text, StringComparison.Ordinal) || reply.Text.StartsWith(shown, StringComparison.Ordinal),
            $"stored \"{reply.Text}\" is not the reply shown \"{shown}\"");
    }
}
