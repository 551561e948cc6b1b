using System.Net;
using System.Net.Http.Json;
using System.Text;
using CoachBot.Conversations;
using CoachBot.Profiles;
using CoachBot.Server.Api;
using CoachBot.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CoachBot.Server.Tests.Api;

/// <summary>Malformed input on the real host: nulls inside lists, odd ids in paths, control characters in secrets, staff of no tenant.</summary>
public sealed class MalformedInputTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> ListsWithNull => new()
    {
        """{ "targetRole": "After", "skills": [null] }""",
        """{ "targetRole": "After", "skills": [{ "name": "SQL" }, null] }""",
        """{ "targetRole": "After", "goals": [null] }""",
        """{ "targetRole": "After", "goals": ["Lead a team", null] }""",
        """{ "targetRole": "After", "certifications": [null] }""",
    };

    [Theory]
    [MemberData(nameof(ListsWithNull))]
    public async Task A_profile_update_with_a_null_inside_a_list_is_refused_and_changes_nothing(string body)
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var client = fixture.Host.AuthorizedClient(session.Token);
        using (var before = await client.PutAsJsonAsync("/api/me/profile", new ProfileUpdate { TargetRole = "Before", Goals = ["Ship"] }, TestHost.Json, Cancel))
        {
            before.EnsureSuccessStatusCode();
        }

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        await ProblemAssert.HasCodeAsync(await client.PutAsync(new Uri("/api/me/profile", UriKind.Relative), content, Cancel), HttpStatusCode.BadRequest, ErrorCodes.ProfileInvalid);

        var profile = (await client.GetFromJsonAsync<CareerProfile>("/api/me/profile", TestHost.Json, Cancel))!;
        Assert.Equal("Before", profile.TargetRole);
        Assert.Equal(["Ship"], profile.Goals);
    }

    [Fact]
    public async Task The_hub_refuses_a_profile_update_with_a_null_inside_a_list_with_its_code()
    {
        var session = await fixture.Host.CreateSessionAsync();
        await using var connection = await fixture.Host.ConnectAsync(session.Token);
        await connection.InvokeAsync<CareerProfile>("UpdateProfile", new ProfileUpdate { TargetRole = "Before" }, Cancel);

        foreach (var update in new object[]
        {
            new { targetRole = "After", skills = new object?[] { null } },
            new { targetRole = "After", goals = new string?[] { "Lead", null } },
            new { targetRole = "After", certifications = new string?[] { null } },
        })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync("UpdateProfile", typeof(CareerProfile), [update], Cancel));
            Assert.Contains(ErrorCodes.ProfileInvalid + ":", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal("Before", (await connection.InvokeAsync<CareerProfile>("GetProfile", Cancel)).TargetRole);
    }

    [Fact]
    public async Task A_staff_admin_of_a_tenant_that_does_not_exist_cannot_create_keys()
    {
        var token = fixture.Staff.Mint("admin-nobody", "no-such-tenant-" + Guid.NewGuid().ToString("N")[..8], ["tenant-admin"]);
        using var admin = StaffTokenIssuer.Client(fixture.Host.BaseAddress, token);

        await ProblemAssert.HasCodeAsync(
            await admin.PostAsJsonAsync("/api/tenant/keys", new CreateApiKeyRequest("service"), TestHost.Json, Cancel),
            HttpStatusCode.Unauthorized,
            ErrorCodes.TenantUnknown);
    }

    public static TheoryData<string, string> OddIds => new()
    {
        { "DELETE", "/api/tenant/keys/%20" },
        { "DELETE", "/api/tenant/keys/key%01" },
        { "DELETE", "/api/tenant/keys/a%09b" },
        { "GET", "/api/tenant/content/roles/a%01b" },
        { "DELETE", "/api/tenant/content/roles/%20" },
        { "GET", "/api/tenant/users/%20/export" },
        { "GET", "/api/tenant/users/u%7F1/export" },
        { "DELETE", "/api/tenant/users/a%20b" },
    };

    [Theory]
    [MemberData(nameof(OddIds))]
    public async Task An_admin_route_id_with_a_blank_or_a_control_character_is_refused_as_invalid_id(string method, string path)
    {
        var admin = await fixture.CreateTenantWithAdminKeyAsync("ids-" + Guid.NewGuid().ToString("N")[..8], "sk-ids", Cancel);
        using var client = fixture.KeyClient(admin.Key);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));

        await ProblemAssert.HasCodeAsync(await client.SendAsync(request, Cancel), HttpStatusCode.BadRequest, ErrorCodes.InvalidId);
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("%01")]
    [InlineData("a%0Ab")]
    public async Task A_turn_id_with_a_blank_or_a_control_character_is_refused_as_invalid_id(string turnId)
    {
        var session = await fixture.Host.CreateSessionAsync();
        using var client = fixture.Host.AuthorizedClient(session.Token);

        await ProblemAssert.HasCodeAsync(
            await client.PutAsJsonAsync($"/api/me/turns/{turnId}/feedback", new FeedbackSubmission { Rating = "up" }, TestHost.Json, Cancel),
            HttpStatusCode.BadRequest,
            ErrorCodes.InvalidId);
    }

    [Fact]
    public async Task A_nul_in_the_path_is_refused_by_the_server_before_any_endpoint()
    {
        // Kestrel refuses a path that decodes to a NUL while parsing the request line: an empty 400, and the connection closes.
        var session = await fixture.Host.CreateSessionAsync();
        using var client = fixture.Host.AuthorizedClient(session.Token);
        using var response = await client.PutAsJsonAsync("/api/me/turns/%00/feedback", new FeedbackSubmission { Rating = "up" }, TestHost.Json, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\u007F")]
    public async Task An_identity_secret_with_a_control_character_is_refused(string control)
    {
        var admin = await fixture.CreateTenantWithAdminKeyAsync("secret-" + Guid.NewGuid().ToString("N")[..8], "sk-secret", Cancel);
        using var client = fixture.KeyClient(admin.Key);
        var secret = new string('s', 20) + control + new string('t', 20);

        await ProblemAssert.HasCodeAsync(
            await client.PutAsJsonAsync("/api/tenant/identity-secret", new SetIdentitySecretRequest(secret), TestHost.Json, Cancel),
            HttpStatusCode.BadRequest,
            ErrorCodes.SettingsInvalid);
    }
}
