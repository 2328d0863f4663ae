using QkdEdge.Protocol.Engine;

namespace QkdEdge.Station.Configuration;

/// <summary>Everything one station runs with, checked (see <see cref="StationConfigurationReader"/>).</summary>
public sealed record StationOptions
{
    public required StationRole Role { get; init; }

    /// <summary>Where the archive, key store and authentication key pool live.</summary>
    public required string DataDirectory { get; init; }

    public required BoardLinkOptions Board { get; init; }

    public required PeerLinkOptions Peer { get; init; }

    public required ProtocolOptions Protocol { get; init; }

    public ReconnectPolicy Reconnect { get; init; } = new();

    /// <summary>
    /// Frames of a block Bob's engine decodes at once (one thread each). Decoding is most of a block's processing and
    /// its frames are independent, so a station with more cores closes a long block sooner; the key does not depend
    /// on the count.
    /// </summary>
    public int DecodingThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Port of the Prometheus endpoint (/metrics on loopback); null serves no metrics.</summary>
    public int? MetricsPort { get; init; }

    public string ArchivePath => Path.Combine(DataDirectory, "rounds.qka");

    public string KeyStorePath => Path.Combine(DataDirectory, "keys.sqlite");

    public string AuthenticationPoolDirectory => Path.Combine(DataDirectory, "auth-pool");
}
