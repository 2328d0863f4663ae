using QkdEdge.Peer.Messages;
using QkdEdge.Peer.Session;
using QkdEdge.Protocol.Engine;

namespace QkdEdge.Station.Peer;

/// <summary>
/// The block engine's channel over the peer session for one open block: each engine message travels as a
/// data message of that block, its kind the engine's <see cref="BlockMessageKind"/>. A payload larger than a
/// part is split (kinds with <see cref="ContinuedFlag"/> set announce more parts), so the engine never meets
/// the session's frame cap. Authentication failures, replays and reordering arrive as
/// <see cref="ChannelTamperedException"/>; a lost connection as <see cref="PeerLostException"/>.
/// </summary>
internal sealed class PeerBlockChannel : IBlockChannel
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
                await _messages.SendAsync(new DataMessage(_blockId, (ushort)((ushort)kind | ContinuedFlag), payload[..StationDataKind.MaxPartBytes]), cancellationToken).ConfigureAwait(false);
                payload = payload[StationDataKind.MaxPartBytes..];
            }

            await _messages.SendAsync(new DataMessage(_blockId, (ushort)kind, payload), cancellationToken).ConfigureAwait(false);
        }
        catch (PeerSessionBrokenException ex)
        {
            throw new ChannelTamperedException($"block {_blockId}: {ex.Message}", ex);
        }
    }

    public async Task<BlockMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        // A split payload's parts (each a fresh array) are kept as they come and joined once, at its exact size: a
        // growing stream would hold up to twice the payload while growing and copy it once more at the end, which at
        // 10^9 rounds is hundreds of megabytes of a reveal.
        List<ReadOnlyMemory<byte>>? parts = null;
        long held = 0;
        try
        {
            while (true)
            {
                var message = await _messages.ReceiveAsync(_receiveTimeout, cancellationToken).ConfigureAwait(false);
                if (message is BlockAbortMessage abort && abort.BlockId == _blockId)
                    throw new PeerLostException($"the peer abandoned block {_blockId} in the middle of the protocol: {abort.Detail}");
                if (message is not DataMessage data || data.BlockId != _blockId || (data.Kind & ~ContinuedFlag) is 0 or > byte.MaxValue)
                    throw new PeerLostException($"the peer sent {Describe(message)} while block {_blockId} was running (a protocol error)");

                held += data.Payload.Length;
                if (held > Math.Min(_maxMessageBytes, Array.MaxLength))
                    throw new PeerLostException($"the peer's message of kind {data.Kind & ~ContinuedFlag} for block {_blockId} grows past {Math.Min(_maxMessageBytes, Array.MaxLength)} bytes, the most a block of this plan needs (a protocol error)");
                if (parts is null && (data.Kind & ContinuedFlag) == 0)
                    return new BlockMessage((BlockMessageKind)data.Kind, data.Payload);
                (parts ??= []).Add(data.Payload);
                if ((data.Kind & ContinuedFlag) != 0)
                    continue;

                var joined = new byte[held];
                int at = 0;
                foreach (var part in parts)
                {
                    part.Span.CopyTo(joined.AsSpan(at));
                    at += part.Length;
                }

                return new BlockMessage((BlockMessageKind)data.Kind, joined);
            }
        }
        catch (PeerSessionBrokenException ex)
        {
            throw new ChannelTamperedException($"block {_blockId}: {ex.Message}", ex);
        }
    }

    internal static string Describe(PeerMessage message) => message switch
    {
        DataMessage d => $"data of kind {d.Kind} for block {d.BlockId}",
        BlockOpenMessage o => $"an opening of block {o.BlockId}",
        BlockCommitMessage c => $"a commit of block {c.BlockId}",
        BlockAbortMessage a => $"an abort of block {a.BlockId} ({a.Detail})",
        _ => message.Type.ToString(),
    };
}
