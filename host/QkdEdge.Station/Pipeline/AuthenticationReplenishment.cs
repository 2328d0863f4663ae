using QkdEdge.KeyStore;
using QkdEdge.Peer.Authentication;

namespace QkdEdge.Station.Pipeline;

/// <summary>
/// Moves the share of every committed key set aside for authentication (the store's
/// <see cref="SqliteKeyStore.AuthenticationReserveBytes"/>) into the authentication key pool, and activates those
/// deposits for sending once the peer has shown it holds them (docs/peer-protocol.md, "Replenishing the pool").
/// Deposits follow the store's commit order, which is the same at both stations, so both pools grow alike; a
/// crash between the pool's append and the store's mark is harmless, since the pool ignores a repeated id.
/// </summary>
internal sealed class AuthenticationReplenishment(SqliteKeyStore store, AuthenticationKeyPool pool)
{
    /// <summary>Deposits every committed key's share not yet in the pool; returns the bytes deposited.</summary>
    public long DepositCommitted()
    {
        long bytes = 0;
        foreach (var (blockId, share) in store.PendingAuthenticationDeposits())
        {
            if (pool.Deposit(blockId, share))
                bytes += share.Length;
            store.MarkAuthenticationDeposited(blockId);
            Array.Clear(share);
        }
        return bytes;
    }

    /// <summary>The peer committed <paramref name="blockId"/>: it holds that deposit and every one before it.</summary>
    public void PeerCommitted(string blockId) => pool.ActivateThrough(blockId);

    /// <summary>Both stores were settled and the peer deposited what it committed: it holds every deposit made here.</summary>
    public void PeerSettled() => pool.ActivateAll();
}
