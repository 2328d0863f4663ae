using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;
using QkdEdge.Protocol.Engine;

namespace QkdEdge.Station.Peer;

/// <summary>
/// The block engine's channel over the peer session for one open block: each engine message travels as a
/// data message of that block, its kind the engine's <see cref="BlockMessageKind"/>. A payload larger than a
/// part is split (kinds with <see cref="ContinuedFlag"/> set announce more parts), so the engine never meets
/// the session's frame cap; the streamed send and receive (<see cref="PartWriter"/>, <see cref="PartReader"/>) make
/// and take those parts as the payload is written and read. Authentication failures, replays and reordering arrive as
/// <see cref="ChannelTamperedException"/>; a lost connection as <see cref="PeerLostException"/>.
/// </summary>
internal sealed partial class PeerBlockChannel : IBlockChannel
{
    /// <summary>Set on the kind of every part of a split payload but the last.</summary>
    public const ushort ContinuedFlag = 0x8000;

    private readonly PeerMessages _messages;
    private readonly long _blockId;
    private readonly TimeSpan _receiveTimeout;
    private readonly long _maxMessageBytes;

    /// <param name="maxMessageBytes">
    /// The largest engine message the peer may send, split parts joined: a peer that keeps sending parts past it
    /// ends the block with an error instead of growing this host's memory without bound.
    /// </param>
    public PeerBlockChannel(PeerMessages messages, long blockId, TimeSpan receiveTimeout, long maxMessageBytes = DefaultMaxMessageBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageBytes);
        _messages = messages;
        _blockId = blockId;
        _receiveTimeout = receiveTimeout;
        _maxMessageBytes = maxMessageBytes;
    }

    /// <summary>Bound for exchanges that carry no per-round data (the session-start settlement).</summary>
    public const long DefaultMaxMessageBytes = 64L << 20;

    /// <summary>
    /// Bound for a block of <paramref name="blockRounds"/> rounds: the engine's largest messages carry a few bits per
    /// round (settings, outputs, syndromes); eight bytes per round leaves ample room.
    /// </summary>
    public static long MaxMessageBytesFor(long blockRounds) => (8 * blockRounds) + StationDataKind.MaxPartBytes;

    public async Task SendAsync(BlockMessageKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            while (payload.Length > StationDataKind.MaxPartBytes)
            {
                await SendPartAsync(kind, payload[..StationDataKind.MaxPartBytes], last: false, cancellationToken).ConfigureAwait(false);
                payload = payload[StationDataKind.MaxPartBytes..];
            }

            await SendPartAsync(kind, payload, last: true, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerSessionBrokenException ex)
        {
            throw new ChannelTamperedException($"block {_blockId}: {ex.Message}", ex);
        }
    }

    public async Task SendAsync(BlockMessageKind kind, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await using var parts = new PartWriter(this, kind, cancellationToken);
            try
            {
                await write(parts, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (parts.Started && !cancellationToken.IsCancellationRequested && !_messages.Session.IsBroken)
            {
                // Parts already went out: end the message with what is held, so the peer reads a short payload (its
                // engine refuses it and aborts the block) instead of a message that never ends, which it could only
                // take for a protocol error when this side's abort arrives, losing the session.
                await parts.SendLastAsync().ConfigureAwait(false);
                throw;
            }

            await parts.SendLastAsync().ConfigureAwait(false);
        }
        catch (PeerSessionBrokenException ex)
        {
            throw new ChannelTamperedException($"block {_blockId}: {ex.Message}", ex);
        }
    }

    public async Task<BlockMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        // A split payload's parts (each a fresh array) are kept as they come and joined once, at its exact size: a
        // growing stream would hold up to twice the payload while growing and copy it once more at the end. The
        // engine's large messages take the streamed receive instead, which holds one part at a time.
        try
        {
            var first = await ReceivePartAsync(null, 0, cancellationToken).ConfigureAwait(false);
            var kind = KindOf(first);
            if (!IsContinued(first))
                return new BlockMessage(kind, first.Payload);

            List<ReadOnlyMemory<byte>> parts = [first.Payload];
            long held = first.Payload.Length;
            DataMessage part;
            do
            {
                part = await ReceivePartAsync(kind, held, cancellationToken).ConfigureAwait(false);
                parts.Add(part.Payload);
                held += part.Payload.Length;
            }
            while (IsContinued(part));

            var joined = new byte[held];
            int at = 0;
            foreach (var payload in parts)
            {
                payload.Span.CopyTo(joined.AsSpan(at));
                at += payload.Length;
            }

            return new BlockMessage(kind, joined);
        }
        catch (PeerSessionBrokenException ex)
        {
            throw new ChannelTamperedException($"block {_blockId}: {ex.Message}", ex);
        }
    }

    public async Task<T> ReceiveAsync<T>(Func<BlockMessageKind, Stream, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            var first = await ReceivePartAsync(null, 0, cancellationToken).ConfigureAwait(false);
            await using var parts = new PartReader(this, first, cancellationToken);
            T result;
            try
            {
                result = await read(KindOf(first), parts).ConfigureAwait(false);
            }
            catch (Exception) when (!parts.Failed)
            {
                // The reader refused the payload: pass over the rest of its parts, so that the block's next message
                // (the abort the engine sends or receives next) is read in step.
                await parts.SkipRestAsync().ConfigureAwait(false);
                throw;
            }

            await parts.SkipRestAsync().ConfigureAwait(false);
            return result;
        }
        catch (PeerSessionBrokenException ex)
        {
            throw new ChannelTamperedException($"block {_blockId}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The next part of this block's engine data: the first of a message (<paramref name="kind"/> null) or a further
    /// one of a message of <paramref name="kind"/> that holds <paramref name="held"/> bytes so far.
    /// </summary>
    private async Task<DataMessage> ReceivePartAsync(BlockMessageKind? kind, long held, CancellationToken cancellationToken)
    {
        var message = await _messages.ReceiveAsync(_receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (message is BlockAbortMessage abort && abort.BlockId == _blockId)
            throw new PeerLostException($"the peer abandoned block {_blockId} in the middle of the protocol: {abort.Detail}");
        if (message is not DataMessage data || data.BlockId != _blockId || (data.Kind & ~ContinuedFlag) is 0 or > byte.MaxValue)
            throw new PeerLostException($"the peer sent {Describe(message)} while block {_blockId} was running (a protocol error)");
        if (kind is { } expected && KindOf(data) != expected)
            throw new PeerLostException($"the peer's message of kind {(int)expected} for block {_blockId} went on with a part of kind {data.Kind & ~ContinuedFlag} (a protocol error)");
        long bound = Math.Min(_maxMessageBytes, Array.MaxLength);
        if (held + data.Payload.Length > bound)
            throw new PeerLostException($"the peer's message of kind {data.Kind & ~ContinuedFlag} for block {_blockId} grows past {bound} bytes, the most a block of this plan needs (a protocol error)");
        return data;
    }

    private Task SendPartAsync(BlockMessageKind kind, ReadOnlyMemory<byte> part, bool last, CancellationToken cancellationToken) =>
        _messages.SendAsync(new DataMessage(_blockId, last ? (ushort)kind : (ushort)((ushort)kind | ContinuedFlag), part), cancellationToken);

    private static BlockMessageKind KindOf(DataMessage part) => (BlockMessageKind)(part.Kind & ~ContinuedFlag);

    private static bool IsContinued(DataMessage part) => (part.Kind & ContinuedFlag) != 0;

    internal static string Describe(PeerMessage message) => message switch
    {
        DataMessage d => $"data of kind {d.Kind} for block {d.BlockId}",
        BlockOpenMessage o => $"an opening of block {o.BlockId}",
        BlockCommitMessage c => $"a commit of block {c.BlockId}",
        BlockAbortMessage a => $"an abort of block {a.BlockId} ({a.Detail})",
        _ => message.Type.ToString(),
    };
}
