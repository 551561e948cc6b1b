using System.Net;
using System.Text.Json;

namespace CoachBot.Server.Tests.Support;

/// <summary>Checks a refusal: its status and the stable code of its problem details.</summary>
public static class ProblemAssert
{
    public static async Task HasCodeAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        }
    }
}
