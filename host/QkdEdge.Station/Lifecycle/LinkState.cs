namespace QkdEdge.Station.Lifecycle;

/// <summary>One link's state and history.</summary>
/// <param name="Phase">Where it stands.</param>
/// <param name="ConsecutiveFailures">Failed attempts (or dropped connections) since it was last up.</param>
/// <param name="Connections">Times it came up since the station started.</param>
/// <param name="Drops">Times an up link was lost (unplugged board, restarted peer).</param>
/// <param name="LastError">What the last failure said.</param>
public sealed record LinkState(LinkPhase Phase, int ConsecutiveFailures, int Connections, int Drops, string? LastError)
{
    public static LinkState Initial { get; } = new(LinkPhase.Down, 0, 0, 0, null);

    /// <summary>Connections after the first: each one followed a failure.</summary>
    public int Reconnects => Math.Max(0, Connections - 1);
}
