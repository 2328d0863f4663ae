namespace QkdEdge.Reliability.Tests.Simulation;

/// <summary>The key-store invariants after a schedule's final settlement.</summary>
internal static class StoreCheck
{
    /// <summary>Adds every broken invariant to <paramref name="violations"/>; returns the number of committed keys.</summary>
    public static int Check(KeyExchange exchange, List<string> violations)
    {
        var alice = exchange.AliceStore.CommittedKeys().ToDictionary(k => k.BlockId);
        var bob = exchange.BobStore.CommittedKeys().ToDictionary(k => k.BlockId);
        if (exchange.AliceStore.StagedBlocks().Count + exchange.BobStore.StagedBlocks().Count > 0)
            violations.Add($"staged keys left after settlement: alice [{string.Join(", ", exchange.AliceStore.StagedBlocks())}], bob [{string.Join(", ", exchange.BobStore.StagedBlocks())}]");
        foreach (var id in alice.Keys.Union(bob.Keys))
        {
            if (!alice.TryGetValue(id, out var a) || !bob.TryGetValue(id, out var b))
                violations.Add($"block {id} is committed at {(alice.ContainsKey(id) ? "Alice" : "Bob")} only");
            // The digest is of the whole committed key, taken at staging; the stored bytes are not compared, since
            // a station zeroes a key's authentication share once it has moved to the peer key pool.
            else if (a.Sha256 != b.Sha256 || a.Bits != b.Bits)
                violations.Add($"block {id}: the stations committed different keys");
        }

        foreach (var result in exchange.Results)
        {
            bool committed = alice.ContainsKey(result.BlockId) || bob.ContainsKey(result.BlockId);
            // A station that finished the block with an abort of its own must never see its key committed.
            if (committed && (result.Alice == StationEnd.Aborted || result.Bob == StationEnd.Aborted))
                violations.Add($"block {result.BlockId} was aborted (alice {result.AliceCause}, bob {result.BobCause}) yet its key is committed");
            if (result.Alice == StationEnd.Crashed || result.Bob == StationEnd.Crashed)
                violations.Add($"block {result.BlockId}: an engine threw (alice {result.Alice}, bob {result.Bob})");
            // Both engines reported the key: both stores must hold it.
            if (result.Alice == StationEnd.Key && result.Bob == StationEnd.Key && !(alice.ContainsKey(result.BlockId) && bob.ContainsKey(result.BlockId)))
                violations.Add($"block {result.BlockId} succeeded at both stations but is not committed in both stores");
            // A station that reported a key reported the one both stores now hold.
            foreach (var (station, sha) in new[] { ("Alice", result.AliceKeySha256), ("Bob", result.BobKeySha256) })
            {
                if (sha is not null && (!alice.TryGetValue(result.BlockId, out var stored) || stored.Sha256 != sha))
                    violations.Add($"block {result.BlockId}: {station} reported key {sha[..12]}, but Alice's store holds {(stored is null ? "none" : stored.Sha256[..12])}");
            }
        }

        return alice.Count;
    }
}
