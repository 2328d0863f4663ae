using System.Net;
using System.Net.Sockets;
using QkdEdge.Station.Configuration;

namespace QkdEdge.Station.Peer;

/// <summary>
/// TCP to the other station: listens (one listener for the station's lifetime, one accepted connection per
/// attempt) or dials. Sockets get TCP keep-alive, so a peer machine that vanishes between blocks, when no
/// message is awaited with a timeout, is still noticed within about a minute.
/// </summary>
public sealed class TcpPeerConnector : IPeerConnector
{
    /// <summary>Idle seconds before the first keep-alive probe, and seconds between probes (5 probes): about 40 s to notice.</summary>
    private const int KeepAliveIdleSeconds = 15;
    private const int KeepAliveIntervalSeconds = 5;

    private readonly PeerLinkOptions _options;
    private TcpListener? _listener;

    public TcpPeerConnector(PeerLinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public string Description => _options.Mode == PeerConnectMode.Listen
        ? $"listening on {(_listener?.LocalEndpoint ?? (object)$"{_options.Host}:{_options.Port}")}"
        : $"{_options.Host}:{_options.Port}";

    /// <summary>The port actually listened on (after the first attempt when port 0 was asked for).</summary>
    public int? ListeningPort => (_listener?.LocalEndpoint as IPEndPoint)?.Port;

    /// <summary>Starts listening now (Listen mode), so the port is known before the first attempt.</summary>
    public int StartListening()
    {
        if (_options.Mode != PeerConnectMode.Listen)
            throw new InvalidOperationException("This connector dials; it does not listen.");
        if (_listener is null)
        {
            var address = IPAddress.TryParse(_options.Host, out var parsed) ? parsed
                : Dns.GetHostAddresses(_options.Host).FirstOrDefault() ?? throw new SocketException((int)SocketError.HostNotFound);
            var listener = new TcpListener(address, _options.Port);
            listener.Start();
            _listener = listener;
        }

        return ListeningPort!.Value;
    }

    public async Task<PeerTransport> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode == PeerConnectMode.Listen)
        {
            StartListening();
            var socket = await _listener!.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            Tune(socket);
            return new PeerTransport(new NetworkStream(socket, ownsSocket: true), Dialled: false);
        }

        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, cancellationToken).ConfigureAwait(false);
            Tune(client);
            return new PeerTransport(new NetworkStream(client, ownsSocket: true), Dialled: true);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener?.Stop();
        _listener?.Dispose();
        _listener = null;
        return ValueTask.CompletedTask;
    }

    private static void Tune(Socket socket)
    {
        // Block messages are small and answered one by one: no Nagle delay.
        socket.NoDelay = true;
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, KeepAliveIdleSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, KeepAliveIntervalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 5);
    }
}
