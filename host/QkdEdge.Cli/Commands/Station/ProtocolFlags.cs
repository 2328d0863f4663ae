namespace QkdEdge.Cli.Commands.Station;

/// <summary>The protocol flags the station and the demo share, worded once.</summary>
internal static class ProtocolFlags
{
    public static ConfiguredOption Soundness() =>
        ConfiguredOption.Create("--soundness", "protocol:soundness", "Total soundness of each key (default 1e-10)");

    public static ConfiguredOption BlockMargin() =>
        ConfiguredOption.Create("--block-margin", "protocol:blockMargin", "Block size over the smallest block with a key (default 1.5)");
}
