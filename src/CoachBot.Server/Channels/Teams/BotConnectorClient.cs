using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoachBot.Coaching.Providers;
using CoachBot.Ids;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CoachBot.Server.Channels.Teams;

/// <summary>Sends activities to a conversation through the Bot Connector of the activity's service URL.</summary>
internal sealed class BotConnectorClient(IHttpClientFactory httpClients, BotConnectorTokens tokens)
{
    public const string HttpClientName = "CoachBot.Teams.Connector";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Posts <paramref name="activity"/> to the conversation; 429 and 5xx are retried (honouring Retry-After) by the
    /// client's pipeline, a refused token is fetched again once. Throws <see cref="BotConnectorException"/> otherwise.
    /// </summary>
    public async Task<string?> SendAsync(TeamsReplyTarget target, OutgoingActivity activity, CancellationToken cancellationToken)
    {
        var uri = new Uri(target.ServiceUrl, $"v3/conversations/{Uri.EscapeDataString(target.ConversationId)}/activities");
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.GetAsync(target.Tenant, target.AppId, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(activity, options: Json) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                tokens.Forget(target.AppId);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new BotConnectorException((int)response.StatusCode, await ErrorCodeAsync(response, cancellationToken));
            }

            var sent = response.Content.Headers.ContentLength == 0 ? null : await response.Content.ReadFromJsonAsync<ResourceResponse>(Json, cancellationToken);
            return sent?.Id;
        }
    }

    public static void Register(IServiceCollection services)
    {
        services.AddHttpClient(BotFrameworkAuthenticator.MetadataClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("teams-connector", static (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline.AddTimeout(TimeSpan.FromMinutes(2));
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryBaseDelay,
                        MaxDelay = options.MaxRetryDelay,
                        ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                        DelayGenerator = args => ValueTask.FromResult(RetryAfterDelay.From(args.Outcome.Result, time, options.MaxRetryDelay)),
                    });
                }

                pipeline.AddTimeout(TimeSpan.FromSeconds(30));
            });
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<ErrorResponse>(Json, cancellationToken);
            return body?.Error?.Code ?? response.StatusCode.ToString();
        }
        catch (JsonException)
        {
            return response.StatusCode.ToString();
        }
    }

    private sealed record ErrorResponse(ErrorBody? Error);

    private sealed record ErrorBody(string? Code, string? Message);
}

/// <summary>Where replies to an activity go, and as which bot.</summary>
/// <param name="Tenant">The CoachBot tenant that owns the bot.</param>
/// <param name="AppId">The bot's Microsoft app id.</param>
/// <param name="ServiceUrl">The activity's service URL, ending with a slash.</param>
/// <param name="ConversationId">The conversation.</param>
internal sealed record TeamsReplyTarget(TenantId Tenant, string AppId, Uri ServiceUrl, string ConversationId);

/// <summary>The Bot Connector (or its token endpoint) refused a call.</summary>
internal sealed class BotConnectorException(int status, string code) : Exception($"The Bot Connector answered {status} ({code}).")
{
    /// <summary>The HTTP status, or 0 when no call was made.</summary>
    public int Status { get; } = status;

    /// <summary>The connector's error code, e.g. <c>ContentStreamNotAllowed</c>.</summary>
    public string Code { get; } = code;
}
