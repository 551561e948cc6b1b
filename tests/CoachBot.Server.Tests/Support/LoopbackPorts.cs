using System.Net;
using System.Net.Sockets;

namespace CoachBot.Server.Tests.Support;

/// <summary>
/// Free ports on 127.0.0.1 for one server (HTTP, silo, gateway). Every listener stays open until all the ports are
/// chosen, so the operating system cannot hand the same port out twice within one call, which asking for one port at a
/// time allows.
/// </summary>
public static class LoopbackPorts
{
    public static int[] Reserve(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }
}
