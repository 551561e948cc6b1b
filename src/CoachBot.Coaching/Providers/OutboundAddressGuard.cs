using System.Net;
using System.Net.Sockets;

namespace CoachBot.Coaching.Providers;

/// <summary>
/// Keeps tenant-supplied model endpoints off the machine's own network: loopback, private (10/8, 172.16/12,
/// 192.168/16, 100.64/10 carrier-grade NAT, fc00::/7), link-local (169.254/16 with the cloud metadata address, fe80::/10),
/// unspecified and multicast addresses are refused unless the operator lists the address or a range it falls in
/// (<see cref="LlmProviderOptions.AllowedPrivateEndpoints"/>). Checked when a tenant's model is built (an address
/// written in the URL, or a name that resolves to one) and again for every connection, after DNS resolution, so a name
/// that later resolves elsewhere (DNS rebinding) is refused too.
/// </summary>
public sealed class OutboundAddressGuard
{
    private readonly (IPAddress Network, int PrefixLength)[] _allowed;

    /// <summary>A guard that lets through the listed addresses and ranges ("127.0.0.1", "10.1.0.0/16", "::1").</summary>
    public OutboundAddressGuard(IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        _allowed = [.. allowed.Where(a => !string.IsNullOrWhiteSpace(a)).Select(Parse)];
    }

    /// <summary>True when connecting to <paramref name="address"/> is allowed.</summary>
    public bool IsAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return !IsInternal(address) || _allowed.Any(range => InRange(address, range.Network, range.PrefixLength));
    }

    /// <summary>
    /// Resolves <paramref name="host"/> and returns the addresses that may be connected to; throws
    /// <see cref="OutboundAddressRefusedException"/> when it resolves only to refused ones.
    /// </summary>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(IsAllowed).ToArray();
        return allowed.Length > 0 || addresses.Length == 0
            ? allowed
            : throw new OutboundAddressRefusedException($"The model endpoint host '{host}' is on a private, loopback or link-local network, which tenant models may not use.");
    }

    /// <summary>A connect callback for <see cref="SocketsHttpHandler.ConnectCallback"/> that connects only to allowed addresses.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await ResolveAllowedAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsInternal(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || b[0] >= 224
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    private static (IPAddress, int) Parse(string text)
    {
        var parts = text.Trim().Split('/', 2);
        if (!IPAddress.TryParse(parts[0], out var network))
        {
            throw new FormatException($"'{text}' is not an IP address or CIDR range.");
        }

        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = parts.Length == 2 && int.TryParse(parts[1], out var p) && p >= 0 && p <= bits ? p : parts.Length == 2 ? throw new FormatException($"'{text}' has no valid prefix length.") : bits;
        return (network, prefix);
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefixLength)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var full = prefixLength / 8;
        if (!a.AsSpan(0, full).SequenceEqual(n.AsSpan(0, full)))
        {
            return false;
        }

        var rest = prefixLength % 8;
        return rest == 0 || (a[full] >> (8 - rest)) == (n[full] >> (8 - rest));
    }
}

/// <summary>A tenant's model endpoint points at an address tenant models may not reach.</summary>
public sealed class OutboundAddressRefusedException(string message) : HttpRequestException(message);
