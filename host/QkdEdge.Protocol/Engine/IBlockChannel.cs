namespace QkdEdge.Protocol.Engine;

/// <summary>
/// The authenticated classical channel as the block engine sees it: ordered messages of a kind and a
/// payload. Implementations authenticate every message; a message that fails authentication, or arrives
/// replayed or out of order, makes <see cref="ReceiveAsync"/> throw <see cref="ChannelTamperedException"/>,
/// and the engine then keeps nothing of the block.
/// </summary>
public interface IBlockChannel
{
    Task SendAsync(BlockMessageKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Receives the next message; the engine checks its kind.</summary>
    Task<BlockMessage> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>One message of the block protocol.</summary>
public readonly record struct BlockMessage(BlockMessageKind Kind, ReadOnlyMemory<byte> Payload);

/// <summary>Authentication of a classical message failed, or a message was replayed, reordered or dropped.</summary>
public sealed class ChannelTamperedException(string message, Exception? inner = null) : Exception(message, inner);
