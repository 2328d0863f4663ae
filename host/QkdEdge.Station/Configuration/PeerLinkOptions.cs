namespace QkdEdge.Station.Configuration;

/// <summary>Which end of the TCP connection this station opens. Independent of the protocol role.</summary>
public enum PeerConnectMode
{
    /// <summary>Wait for the other station to connect (the default for Alice).</summary>
    Listen,

    /// <summary>Dial the other station (the default for Bob).</summary>
    Connect,
}

/// <summary>The authenticated classical channel to the other station.</summary>
public sealed record PeerLinkOptions
{
    public required PeerConnectMode Mode { get; init; }

    /// <summary>Address to listen on (Listen) or to dial (Connect).</summary>
    public required string Host { get; init; }

    /// <summary>TCP port to listen on or to dial; 0 with Listen picks a free port (tests, the demo).</summary>
    public required int Port { get; init; }

    /// <summary>
    /// The pre-shared authentication secret, installed identically at both stations. Used once, to create
    /// the station's authentication key pool; afterwards the pool in the data directory is authoritative.
    /// </summary>
    public string? PreSharedKeyPath { get; init; }

    /// <summary>
    /// How long a receive waits for the peer's next message before the session is declared lost. It also
    /// bounds how long Bob waits for his own copy of a block Alice opened (half of it), so it must cover
    /// the time one station's block can close after the other's.
    /// </summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Leading bytes of every block key moved into the authentication key pool instead of being delivered. A block
    /// spends about 1.2 to 1.5 kbit of pad per direction on its messages (docs/peer-protocol.md, "Replenishing the
    /// pool"); 1 KiB gives each direction 4 kbit back per block, so the pool grows while keys flow and survives a
    /// run of aborted blocks. Both stations must use the same value (checked in the session hello).
    /// </summary>
    public int AuthenticationReplenishBytes { get; init; } = DefaultAuthenticationReplenishBytes;

    public const int DefaultAuthenticationReplenishBytes = 1024;
}
