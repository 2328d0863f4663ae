using System.Net;
using System.Security.Cryptography;
using QkdEdge.Delivery.Client;
using QkdEdge.Delivery.Etsi014;
using QkdEdge.KeyStore;
using QkdEdge.KeyStore.Delivery;

namespace QkdEdge.Cli.Commands.Demo;

/// <summary>A committed block key as the stores held it before delivery.</summary>
/// <param name="ReservedBytes">Leading bytes set aside for the peer authentication pool, which delivery never hands out.</param>
internal sealed record BlockKey(string BlockId, int Bits, byte[] Material, int ReservedBytes);

/// <summary>
/// The demo's two SAEs at work: for each block key, in the order the stations committed them, the master
/// SAE asks Alice's KME for it (enc_keys), hands the key IDs to the slave SAE, which redeems them at Bob's
/// KME (dec_keys). Then it checks what the standard and docs/key-delivery.md promise: both SAEs hold the
/// same bits, which are the block's key; a key ID is redeemed once only; both stores erased what they
/// delivered.
/// </summary>
internal static class DemoKeyFetch
{
    public static async Task<(DemoDeliveryReport Report, IReadOnlyDictionary<string, long> DeliveredBits)> RunAsync(DemoDelivery kmes,
        IReadOnlyList<BlockKey> keys, string aliceStore, string bobStore, CancellationToken cancellation)
    {
        using var master = kmes.Client(DemoDelivery.MasterSae);
        using var slave = kmes.Client(DemoDelivery.SlaveSae);
        var delivered = new Dictionary<string, long>(StringComparer.Ordinal);
        bool matched = true, replayRefused = true;
        string? failure = null;
        foreach (var key in keys)
        {
            var (bits, problem, refused) = await FetchAsync(master, slave, key, cancellation).ConfigureAwait(false);
            if (problem is not null)
            {
                failure ??= $"block {key.BlockId}: {problem}";
                matched = false;
                continue;
            }
            delivered[key.BlockId] = bits;
            replayRefused &= refused;
        }

        if (!replayRefused)
            failure ??= "Bob's KME delivered the same key IDs twice";
        bool erased = delivered.Count > 0 && Erased(aliceStore, delivered) && Erased(bobStore, delivered);
        if (delivered.Count > 0 && !erased)
            failure ??= "a store still holds delivered key bytes";
        var report = new DemoDeliveryReport(kmes.Alice.BaseAddress, kmes.Bob.BaseAddress, DemoDelivery.MasterSae, DemoDelivery.SlaveSae,
            delivered.Count, delivered.Values.Sum(), matched && delivered.Count == keys.Count, erased, replayRefused, failure);
        return (report, delivered);
    }

    /// <summary>One block's key through both KMEs: the bits delivered, or what went wrong; and whether a replay was refused.</summary>
    private static async Task<(long Bits, string? Problem, bool ReplayRefused)> FetchAsync(Etsi014Client master, Etsi014Client slave, BlockKey key,
        CancellationToken cancellation)
    {
        // Whole bytes after the authentication share (a block's last partial byte is never delivered), in as few
        // keys as key IDs allow.
        int bytes = key.Bits / 8 - key.ReservedBytes;
        if (bytes <= 0)
            return (0, "the key leaves no whole byte for delivery after the authentication share", false);
        int count = (bytes + KeyIdCodec.MaxByteLength - 1) / KeyIdCodec.MaxByteLength;
        int size = bytes / count;

        var enc = await master.GetKeysAsync(DemoDelivery.SlaveSae, new KeyRequest { Number = count, Size = 8 * size }, cancellation).ConfigureAwait(false);
        if (!enc.Succeeded)
            return (0, $"enc_keys at Alice's KME answered {(int)enc.Status}: {enc.Error?.Message}", false);
        var ids = enc.Value!.Keys.Select(k => k.KeyId).ToList();
        // The KME serves the oldest block with room first; a kept data folder may hold an earlier run's undelivered keys.
        var tag = BlockTag.Of(key.BlockId);
        if (ids.Where((id, i) => !KeyIdCodec.TryDecode(id, out var location) || location.Block != tag || location.ByteOffset != key.ReservedBytes + (i * size))
                .FirstOrDefault() is { } foreign)
            return (0, $"Alice's KME served key_ID {foreign}, which is not the next range of this block (does the data folder hold undelivered keys of an earlier run?)", false);

        var dec = await slave.GetKeysWithIdsAsync(DemoDelivery.MasterSae, ids, cancellation).ConfigureAwait(false);
        if (!dec.Succeeded)
            return (0, $"dec_keys at Bob's KME answered {(int)dec.Status}: {dec.Error?.Message}", false);

        byte[] alice = Concatenate(enc.Value.Keys), bob = Concatenate(dec.Value!.Keys);
        try
        {
            bool sameIds = dec.Value.Keys.Select(k => k.KeyId).SequenceEqual(ids);
            if (!sameIds || !alice.AsSpan().SequenceEqual(bob))
                return (0, "the master and the slave SAE received different keys", false);
            if (!alice.AsSpan().SequenceEqual(key.Material.AsSpan(key.ReservedBytes, count * size)))
                return (0, "the delivered key is not the block's key in the stores", false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(alice);
            CryptographicOperations.ZeroMemory(bob);
        }

        var replay = await slave.GetKeysWithIdsAsync(DemoDelivery.MasterSae, ids, cancellation).ConfigureAwait(false);
        return (8L * count * size, null, replay.Status == HttpStatusCode.BadRequest && replay.Value is null);
    }

    private static byte[] Concatenate(IReadOnlyList<KeyEntry> keys) => [.. keys.SelectMany(k => Convert.FromBase64String(k.Key))];

    /// <summary>True when the store holds zeros over every delivered range (from the end of the authentication share on).</summary>
    private static bool Erased(string storePath, IReadOnlyDictionary<string, long> delivered)
    {
        using var store = SqliteKeyStore.Open(storePath);
        var keys = store.CommittedKeys().Where(k => delivered.ContainsKey(k.BlockId)).ToList();
        try
        {
            return keys.Count == delivered.Count
                && keys.All(k => k.Key.AsSpan(k.AuthenticationBytes, (int)(delivered[k.BlockId] / 8)).IndexOfAnyExcept((byte)0) < 0);
        }
        finally
        {
            foreach (var k in keys)
                CryptographicOperations.ZeroMemory(k.Key);
        }
    }
}
