namespace QkdEdge.Station.Lifecycle;

/// <summary>The two connections a station keeps up.</summary>
public enum StationLink
{
    /// <summary>The serial link to the station's board.</summary>
    Board,

    /// <summary>The authenticated session with the other station's host.</summary>
    Peer,
}
