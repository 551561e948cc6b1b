using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using CoachBot.Conversations;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace CoachBot.Server.Realtime;

/// <summary>
/// The JSON hub protocol, with one difference: an invocation whose arguments cannot be bound (wrong types, too many or
/// too few, numbers out of range) or that names no hub method fails with a coded hub error, <c>invalid_argument</c> or
/// <c>unknown_method</c>, like every other refusal. SignalR reports binding failures before any hub filter runs, and
/// sends the client only a <see cref="HubException"/>'s message, so the code has to be put there. A stream method called
/// as a plain invocation (or the other way round) is refused the same way, with <c>invalid_argument</c>.
/// </summary>
internal sealed class CodedBindingFailures(IHubProtocol inner, IReadOnlySet<string> streamMethods) : IHubProtocol
{
    /// <summary>The hub's methods that return a stream, which clients must call with a stream invocation.</summary>
    public static IReadOnlySet<string> StreamMethodsOf<THub>() where THub : Hub =>
        typeof(THub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
            .Select(m => m.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!inner.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage failure)
        {
            var refusal = IsHubMethod(binder, failure.Target)
                ? HubErrors.Refuse(ErrorCodes.InvalidArgument, $"The arguments of '{failure.Target}' do not match its parameters (count, types or range).")
                : HubErrors.Refuse(ErrorCodes.UnknownMethod, "There is no hub method of that name.");
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(refusal));
        }
        else if (message is StreamInvocationMessage stream && !streamMethods.Contains(stream.Target))
        {
            message = Refused(stream.InvocationId, stream.Target, $"'{stream.Target}' returns one result, not a stream: call it with invoke, not stream.");
        }
        else if (message is InvocationMessage call && streamMethods.Contains(call.Target))
        {
            message = Refused(call.InvocationId, call.Target, $"'{call.Target}' returns a stream: call it with stream, not invoke.");
        }

        return true;
    }

    private static InvocationBindingFailureMessage Refused(string? invocationId, string target, string explanation) =>
        new(invocationId, target, ExceptionDispatchInfo.Capture(HubErrors.Refuse(ErrorCodes.InvalidArgument, explanation)));

    private static bool IsHubMethod(IInvocationBinder binder, string target)
    {
        try
        {
            binder.GetParameterTypes(target);
            return true;
        }
        catch (HubException)
        {
            return false;
        }
    }
}
