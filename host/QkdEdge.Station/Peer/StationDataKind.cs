namespace QkdEdge.Station.Peer;

/// <summary>
/// Kinds of the peer session's data messages that the station itself sends. The block engine's messages use
/// the values of <see cref="Protocol.Engine.BlockMessageKind"/> (1..255); the station's start at 256.
/// </summary>
internal static class StationDataKind
{
    /// <summary>A part of this station's tag series for the block; more parts follow.</summary>
    public const ushort TagsPart = 0x0100;

    /// <summary>The last part of this station's tag series for the block.</summary>
    public const ushort TagsEnd = 0x0101;

    /// <summary>Parts stay well inside the session's 4 MiB frame cap.</summary>
    public const int MaxPartBytes = 1 << 20;
}
