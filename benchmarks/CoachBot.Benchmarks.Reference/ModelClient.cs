using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace CoachBot.Benchmarks.Reference;

/// <summary>Streams a chat completion from an OpenAI-compatible endpoint and yields the text of each delta.</summary>
public sealed class ModelClient(HttpClient http)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();

    public async IAsyncEnumerable<string> StreamAsync(string userMessage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            model = "fake",
            stream = true,
            messages = new[]
            {
                new { role = "system", content = "You are a career coach. Answer helpfully." },
                new { role = "user", content = userMessage },
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line.AsMemory(DataPrefix.Length);
            if (data.Span.SequenceEqual("[DONE]"))
            {
                yield break;
            }

            if (Delta(data.Span) is { Length: > 0 } text)
            {
                yield return text;
            }
        }
    }

    private static string? Delta(ReadOnlySpan<char> json)
    {
        using var chunk = JsonDocument.Parse(json.ToString());
        return chunk.RootElement.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
            && choices[0].TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content)
            ? content.GetString()
            : null;
    }
}
