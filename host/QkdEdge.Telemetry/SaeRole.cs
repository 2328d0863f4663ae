namespace QkdEdge.Telemetry;

/// <summary>The side of an SAE link a key was delivered to (label <c>role</c>).</summary>
public enum SaeRole
{
    Master = 0,
    Slave = 1,
}
