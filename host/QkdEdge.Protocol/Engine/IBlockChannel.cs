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

    /// <summary>
    /// Sends one message whose payload <paramref name="write"/> writes to a stream. A channel that splits payloads into
    /// parts sends each part as it fills, so that a large payload (a reveal: hundreds of megabytes at 10^9 rounds) is
    /// never whole in memory; by default the payload is written whole and sent.
    /// </summary>
    async Task SendAsync(BlockMessageKind kind, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await write(buffer, cancellationToken).ConfigureAwait(false);
        await SendAsync(kind, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives the next message, handing its kind and its payload, as a stream that yields the bytes while they arrive,
    /// to <paramref name="read"/>; a channel that splits payloads passes over the rest of a message whose reader
    /// failed, so the next receive starts at the next message. By default the message is received whole.
    /// </summary>
    async Task<T> ReceiveAsync<T>(Func<BlockMessageKind, Stream, Task<T>> read, CancellationToken cancellationToken)
    {
        var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.Payload, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(message.Payload.ToArray(), writable: false);
        return await read(message.Kind, stream).ConfigureAwait(false);
    }
}

/// <summary>One message of the block protocol.</summary>
public readonly record struct BlockMessage(BlockMessageKind Kind, ReadOnlyMemory<byte> Payload);

/// <summary>Authentication of a classical message failed, or a message was replayed, reordered or dropped.</summary>
public sealed class ChannelTamperedException(string message, Exception? inner = null) : Exception(message, inner);
