using QkdEdge.Fuzz.Delivery;
using QkdEdge.Fuzz.Ingest;
using QkdEdge.Fuzz.Peer;
using QkdEdge.Fuzz.Protocol;
using QkdEdge.Fuzz.Station;
using QkdEdge.Fuzz.Wire;

namespace QkdEdge.Fuzz;

/// <summary>Every target, by name.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } =
        ["wire-receiver", "wire-decoder", "ingest-reader", "peer-session", "peer-authenticated", "protocol-payloads", "station-payloads", "delivery-requests"];

    /// <summary>A new instance of the target called <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? Create(string name) => name switch
    {
        "wire-receiver" => new WireReceiverTarget(),
        "wire-decoder" => new WireDecoderTarget(),
        "ingest-reader" => new IngestReaderTarget(),
        "peer-session" => new PeerSessionTarget(),
        "peer-authenticated" => new PeerAuthenticatedTarget(),
        "protocol-payloads" => new ProtocolPayloadTarget(),
        "station-payloads" => new StationPayloadTarget(),
        "delivery-requests" => new DeliveryRequestTarget(),
        _ => null,
    };
}
