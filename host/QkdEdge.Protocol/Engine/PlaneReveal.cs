using QkdEdge.Distillation.Bits;
using QkdEdge.Protocol.Description;
using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Engine;

/// <summary>
/// Pure helpers on bit-planes that turn one station's block into what it reveals and into its raw key: each is a
/// gather (PEXT) per 64 rounds under the test or key mask. (The peer's revealed outputs are spread back as the tally
/// reads them, <see cref="Statistics.OutputWords"/>.)
/// </summary>
internal static class PlaneReveal
{
    /// <summary>The outputs of the tested rounds, in round order.</summary>
    public static (ulong[] Packed, long Count) TestedOutputs(ReadOnlySpan<ulong> outputs, ReadOnlySpan<ulong> tested, int rounds)
    {
        int words = PackedBits.WordCount(rounds);
        long count = PackedBits.PopCount(tested, rounds);
        var packed = new ulong[PackedBits.WordCount(count)];
        var appender = new BitAppender(packed, 0);
        appender.AppendSelected(outputs[..words], tested[..words]);
        appender.Flush();
        return (packed, count);
    }

    /// <summary>This station's outputs on the untested key-pair rounds, in round order: the raw key.</summary>
    /// <remarks>
    /// The key-round masks are built a chunk at a time, counted in a first pass and gathered in a second: a mask
    /// word per 64 rounds for the whole block would hold another plane's worth (125 MB at 10^9 rounds).
    /// </remarks>
    public static (ulong[] Key, long Bits) RawKey(ProtocolDescription protocol, SettingPlanes aliceSettings, SettingPlanes bobSettings,
        ReadOnlySpan<ulong> ownOutputs, ReadOnlySpan<ulong> tested)
    {
        int words = aliceSettings.WordCount;
        Span<ulong> masks = new ulong[Math.Min(words, MaskChunkWords)];
        long bits = 0;
        for (int first = 0; first < words; first += masks.Length)
        {
            var chunk = masks[..Math.Min(masks.Length, words - first)];
            KeyMasks(protocol, aliceSettings, bobSettings, tested, first, chunk);
            bits += PackedBits.PopCount(chunk, 64L * chunk.Length);
        }

        var key = new ulong[PackedBits.WordCount(bits)];
        var appender = new BitAppender(key, 0);
        for (int first = 0; first < words; first += masks.Length)
        {
            var chunk = masks[..Math.Min(masks.Length, words - first)];
            KeyMasks(protocol, aliceSettings, bobSettings, tested, first, chunk);
            appender.AppendSelected(ownOutputs.Slice(first, chunk.Length), chunk);
        }
        appender.Flush();
        return (key, bits);
    }

    /// <summary>Mask words built at a time (32 KB): 262,144 rounds.</summary>
    internal const int MaskChunkWords = 4096;

    private static void KeyMasks(ProtocolDescription protocol, SettingPlanes aliceSettings, SettingPlanes bobSettings,
        ReadOnlySpan<ulong> tested, int firstWord, Span<ulong> masks)
    {
        for (int i = 0; i < masks.Length; i++)
        {
            int w = firstWord + i;
            masks[i] = aliceSettings.Matches(w, protocol.KeyPair.X) & bobSettings.Matches(w, protocol.KeyPair.Y) & ~tested[w];
        }
    }
}
