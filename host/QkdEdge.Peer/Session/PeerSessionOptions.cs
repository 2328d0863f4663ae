using QkdEdge.Peer.Authentication;

namespace QkdEdge.Peer.Session;

/// <summary>How this host runs its side of a session.</summary>
public sealed record PeerSessionOptions
{
    public required PeerRole Role { get; init; }

    public required ushort StationId { get; init; }

    public required AuthenticationKeyPool KeyPool { get; init; }

    /// <summary>Announced in the hello so the engines can agree where to resume.</summary>
    public long NextBlockId { get; init; }

    /// <summary>Engine parameters sent in the hello (for example a hash of the protocol description).</summary>
    public ReadOnlyMemory<byte> HelloParameters { get; init; }

    /// <summary>
    /// Size cap of one frame (header, payload, tag). Frames above it are refused before any byte of them is
    /// buffered. 4 MiB holds an LDPC syndrome of a multi-megabit block; larger engine data goes in several
    /// data messages.
    /// </summary>
    public int MaxFrameBytes { get; init; } = 4 << 20;

    /// <summary>
    /// Evaluation points t of the tag. Two give a forgery bound below 2^-83 for any frame up to 4 MiB
    /// (<see cref="ForgeryBound.Log2PerMessage"/>); both hosts must use the same value.
    /// </summary>
    public int TagPoints { get; init; } = 2;

    /// <summary>How long a receive waits for the next frame before the session breaks.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Messages each direction's key must still pay for before a session may start: the host refuses to run
    /// with less. The default covers a block's exchange with room to spare.
    /// </summary>
    public int MinimumReserveMessages { get; init; } = 128;

    /// <summary>Leave the transport stream open on dispose (the caller owns it).</summary>
    public bool LeaveTransportOpen { get; init; }

    /// <summary>Protocol versions this host speaks; the session runs the highest both speak.</summary>
    public ushort MinVersion { get; init; } = PeerSession.ProtocolVersion;

    public ushort MaxVersion { get; init; } = PeerSession.ProtocolVersion;

    internal long MinimumReserveBits => (long)MinimumReserveMessages * TagPoints * 61;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(KeyPool);
        if (TagPoints is < 1 or > AuthenticationKeyPool.MaxEvaluationPoints)
            throw new ArgumentOutOfRangeException(nameof(TagPoints), TagPoints, $"1..{AuthenticationKeyPool.MaxEvaluationPoints} evaluation points.");
        if (MaxFrameBytes < 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxFrameBytes), MaxFrameBytes, "At least 1 KiB.");
        if (MinVersion > MaxVersion)
            throw new ArgumentException("MinVersion above MaxVersion.");
    }
}
