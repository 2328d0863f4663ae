namespace QkdEdge.Protocol.Engine;

/// <summary>Which side of the link a station plays. Alice leads the block protocol and her outputs become the key.</summary>
public enum StationRole
{
    Alice = 1,
    Bob = 2,
}
