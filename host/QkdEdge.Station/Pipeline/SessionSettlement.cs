using QkdEdge.KeyStore;
using QkdEdge.Peer.Messages;
using QkdEdge.Protocol.Engine;
using QkdEdge.Protocol.Messages;
using QkdEdge.Station.Peer;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Runs the engine's <see cref="KeySettlement"/> at the start of every session, before the first block, so
/// that keys left staged by a broken session or a crash end up committed at both stations or at neither.
/// The exchange travels as a block of its own with a reserved id (<see cref="BlockId"/>), opened by Alice
/// and committed by both, so the session's block rules hold for it like for any block. Between the settlement and
/// its commit each station deposits the authentication share of every key it holds committed; the peer's commit
/// then shows it did the same, and every deposit becomes usable for sending.
/// </summary>
internal static class SessionSettlement
{
    /// <summary>Block ids of real blocks are archive block ids, never negative.</summary>
    public const long BlockId = -1;

    public static async Task<IReadOnlyList<(string BlockId, bool Commit)>> RunAsync(
        StationRole role, PeerMessages messages, SqliteKeyStore store, TimeSpan timeout, CancellationToken cancellationToken,
        AuthenticationReplenishment? replenishment = null)
    {
        var open = new BlockOpenMessage(BlockId, 0, 0, ReadOnlyMemory<byte>.Empty);
        if (role == StationRole.Alice)
        {
            await messages.SendAsync(open, cancellationToken).ConfigureAwait(false);
            Expect<BlockOpenMessage>(await messages.ReceiveAsync(timeout, cancellationToken).ConfigureAwait(false), "the settlement's opening");
        }
        else
        {
            Expect<BlockOpenMessage>(await messages.ReceiveAsync(timeout, cancellationToken).ConfigureAwait(false), "the settlement's opening");
            await messages.SendAsync(open, cancellationToken).ConfigureAwait(false);
        }

        var channel = new PeerBlockChannel(messages, BlockId, timeout);
        IReadOnlyList<(string, bool)> decisions;
        try
        {
            decisions = role == StationRole.Alice
                ? await KeySettlement.SettleAsAliceAsync(store, channel, cancellationToken).ConfigureAwait(false)
                : await KeySettlement.SettleAsBobAsync(store, channel, cancellationToken).ConfigureAwait(false);
        }
        catch (MalformedPayloadException ex)
        {
            throw new PeerLostException($"key settlement with the peer failed: {ex.Message}");
        }
        catch (ChannelTamperedException ex)
        {
            throw new PeerLostException($"key settlement with the peer failed: {ex.Message}", retryable: true, ex);
        }

        replenishment?.DepositCommitted();
        await messages.SendAsync(new BlockCommitMessage(BlockId, ReadOnlyMemory<byte>.Empty), cancellationToken).ConfigureAwait(false);
        Expect<BlockCommitMessage>(await messages.ReceiveAsync(timeout, cancellationToken).ConfigureAwait(false), "the settlement's commit");
        replenishment?.PeerSettled();
        return decisions;
    }

    private static void Expect<T>(PeerMessage message, string what)
        where T : PeerMessage
    {
        bool ours = message switch
        {
            BlockOpenMessage o => o.BlockId == BlockId,
            BlockCommitMessage c => c.BlockId == BlockId,
            _ => false,
        };
        if (message is not T || !ours)
            throw new PeerLostException($"the peer sent {PeerBlockChannel.Describe(message)} where {what} was due (a protocol error)");
    }
}
