using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Distillation.Streaming;

/// <summary>
/// Sifts a block that arrives in chunks: the counts add up and this station's raw key bits are appended, so a
/// block of 10^9 rounds never has to be held as bit-planes (5 to 6 bits per round) at once; only the raw key
/// (about one bit in six rounds) is kept. Chunks must arrive in round order.
/// </summary>
public sealed class StreamingSifter
{
    private readonly SiftKernel _kernel;
    private ulong[] _key;

    public StreamingSifter(long expectedKeyBits = 1 << 20, SiftKernel kernel = SiftKernel.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedKeyBits);
        _kernel = kernel;
        _key = new ulong[Math.Max(1, PackedBits.WordCount(expectedKeyBits))];
    }

    public SiftCounts Counts { get; private set; }

    public long Rounds { get; private set; }

    public long RawKeyBits { get; private set; }

    /// <summary>The raw key so far (<see cref="RawKeyBits"/> bits; the buffer may be longer).</summary>
    public ReadOnlySpan<ulong> RawKey => _key.AsSpan(0, PackedBits.WordCount(RawKeyBits));

    /// <summary>Sifts one chunk; <paramref name="ownOutcomes"/> is this station's outcome plane of the chunk.</summary>
    public void Add(in RoundPlanes chunk, ReadOnlySpan<ulong> ownOutcomes)
    {
        // The chunk adds at most one key bit per round; grow geometrically so appends stay amortised O(1).
        long needed = RawKeyBits + chunk.RoundCount;
        if (PackedBits.WordCount(needed) > _key.Length)
        {
            long words = Math.Max(PackedBits.WordCount(needed), (long)_key.Length * 3 / 2);
            Array.Resize(ref _key, (int)Math.Min(words, Array.MaxLength));
        }

        var result = Sifter.Sift(chunk, ownOutcomes, _key, RawKeyBits, _kernel);
        Counts = Rounds == 0 ? result.Counts : Counts.Add(result.Counts);
        Rounds += chunk.RoundCount;
        RawKeyBits += result.KeyBitsWritten;
    }

    /// <summary>Copies the raw key into an exactly sized array and releases the growth buffer.</summary>
    public ulong[] TakeRawKey()
    {
        var key = _key.AsSpan(0, PackedBits.WordCount(RawKeyBits)).ToArray();
        _key = [];
        return key;
    }
}
