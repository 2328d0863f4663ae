using QkdEdge.Wire.Framing;

namespace QkdEdge.Wire.Decoding;

/// <summary>The 8-byte header of a decoded frame (docs/wire-protocol.md, section 1).</summary>
public readonly record struct FrameHeader(byte Version, FrameType Type, ushort StationId, uint Sequence);
