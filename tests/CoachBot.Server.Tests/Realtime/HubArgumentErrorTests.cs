using System.Reflection;
using CoachBot.Conversations;
using CoachBot.Profiles;
using CoachBot.Server.Realtime;
using CoachBot.Server.Tests.Api;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoachBot.Server.Tests.Realtime;

/// <summary>
/// Hub calls the .NET client sends as raw invocations with arguments of the wrong type, count or range, or to methods
/// that do not exist: every one fails with a coded hub error and the connection stays usable.
/// </summary>
public sealed class HubArgumentErrorTests(TenantHostFixture fixture) : IClassFixture<TenantHostFixture>
{
    private const string TurnId = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, object?[]> WrongInvocations => new()
    {
        { "CancelTurn", [42] },
        { "CancelTurn", [new { id = TurnId }] },
        { "CancelTurn", [new[] { TurnId }] },
        { "CancelTurn", [true] },
        { "CancelTurn", [] },
        { "CancelTurn", [TurnId, "extra"] },
        { "GetHistory", [null, null] },
        { "GetHistory", ["10", null] },
        { "GetHistory", [1.5, null] },
        { "GetHistory", [2147483648L, null] },
        { "GetHistory", [1e20, null] },
        { "GetHistory", [10, 7] },
        { "SetConsent", ["yes"] },
        { "SetConsent", [null] },
        { "UpdateProfile", [42] },
        { "UpdateProfile", [new { yearsOfExperience = "many" }] },
        { "SubmitFeedback", [TurnId, "up"] },
        { "GetProfile", [1] },
    };

    [Theory]
    [MemberData(nameof(WrongInvocations))]
    public async Task A_call_with_arguments_of_the_wrong_type_count_or_range_fails_with_invalid_argument(string method, object?[] arguments)
    {
        await using var connection = await ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync(method, typeof(object), arguments, Cancel));

        Assert.Contains(ErrorCodes.InvalidArgument + ":", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        Assert.NotNull(await connection.InvokeAsync<CareerProfile>("GetProfile", Cancel));
    }

    public static TheoryData<string, object?[]> WrongStreams => new()
    {
        { "SendMessage", [42] },
        { "SendMessage", [new { text = "hi" }] },
        { "SendMessage", [new[] { "hi" }] },
        { "SendMessage", [true] },
        { "SendMessage", [] },
        { "AttachToTurn", [TurnId, 2147483648L] },
        { "AttachToTurn", [TurnId, 1e20] },
        { "AttachToTurn", [TurnId, 1.5] },
        { "AttachToTurn", [TurnId, "3"] },
        { "AttachToTurn", [TurnId, null] },
        { "AttachToTurn", [TurnId] },
        { "AttachToTurn", [TurnId, 0, "extra"] },
    };

    [Theory]
    [MemberData(nameof(WrongStreams))]
    public async Task A_stream_with_arguments_of_the_wrong_type_count_or_range_fails_with_invalid_argument(string method, object?[] arguments)
    {
        await using var connection = await ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsyncCore<object>(method, arguments, Cancel))
            {
            }
        });

        Assert.Contains(ErrorCodes.InvalidArgument + ":", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task A_stream_method_called_as_a_plain_call_or_the_other_way_round_fails_with_invalid_argument()
    {
        await using var connection = await ConnectAsync();

        var call = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync("SendMessage", typeof(object), ["Hello"], Cancel));
        var stream = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsyncCore<object>("GetProfile", [], Cancel))
            {
            }
        });

        Assert.Contains(ErrorCodes.InvalidArgument + ":", call.Message, StringComparison.Ordinal);
        Assert.Contains(ErrorCodes.InvalidArgument + ":", stream.Message, StringComparison.Ordinal);
        Assert.Null(await connection.InvokeAsync<string?>("GetActiveTurn", Cancel));
    }

    [Fact]
    public async Task A_call_to_a_method_the_hub_does_not_have_fails_with_unknown_method()
    {
        await using var connection = await ConnectAsync();

        var call = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync("DeleteEveryone", typeof(object), [], Cancel));
        var stream = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsyncCore<object>("StreamEveryone", [1], Cancel))
            {
            }
        });

        Assert.Contains(ErrorCodes.UnknownMethod + ":", call.Message, StringComparison.Ordinal);
        Assert.Contains(ErrorCodes.UnknownMethod + ":", stream.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task An_unexpected_error_in_a_hub_method_reaches_the_client_as_internal_error_without_details()
    {
        var filter = new HubErrorFilter(NullLogger<HubErrorFilter>.Instance);
        var method = typeof(CoachHub).GetMethod(nameof(CoachHub.GetProfile), BindingFlags.Public | BindingFlags.Instance)!;
        var context = new HubInvocationContext(null!, null!, null!, method, []);

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
            await filter.InvokeMethodAsync(context, _ => throw new InvalidOperationException("secret connection string")));

        Assert.StartsWith(ErrorCodes.Internal + ":", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Message, StringComparison.Ordinal);
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var session = await fixture.Host.CreateSessionAsync();
        return await fixture.Host.ConnectAsync(session.Token);
    }
}
