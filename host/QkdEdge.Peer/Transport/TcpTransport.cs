using System.Net;
using System.Net.Sockets;

namespace QkdEdge.Peer.Transport;

/// <summary>TCP for the peer channel: the session only needs a <see cref="Stream"/>; these give it one.</summary>
public static class TcpTransport
{
    public static async Task<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(client.Client, ownsSocket: true);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Accepts one connection. NoDelay on: protocol messages are small and answered one by one.</summary>
    public static async Task<Stream> AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        socket.NoDelay = true;
        return new NetworkStream(socket, ownsSocket: true);
    }

    public static TcpListener ListenOnLoopback(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return listener;
    }
}
