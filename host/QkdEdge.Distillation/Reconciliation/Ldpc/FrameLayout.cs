using System.Numerics;
using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// Which bits of a frame carry key, which are shortened (fixed to 0, known to both sides, not key) and which are
/// padding (punctured at first, revealed on retries, never key). Derived deterministically from the code,
/// the counts and a seed, so both stations compute the same layout.
/// </summary>
public sealed class FrameLayout
{
    private readonly ulong[] _keyMask;
    private readonly ulong[] _shortenedMask;

    internal FrameLayout(QcLdpcCode code, PunctureCandidates candidates, int paddingBits, int shortenedBits, ulong seed)
    {
        int n = code.BlockLength;
        if (paddingBits < 0 || paddingBits > candidates.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(paddingBits), paddingBits, $"The code offers {candidates.Count} padding positions.");
        }

        if (shortenedBits < 0 || paddingBits + shortenedBits > n)
        {
            throw new ArgumentOutOfRangeException(nameof(shortenedBits), shortenedBits, "More modulated bits than the frame holds.");
        }

        Code = code;
        PaddingPositions = candidates.Bits[..paddingBits];
        PrivateChecks = candidates.Checks[..paddingBits];
        int words = PackedBits.WordCount(n);
        var padding = new ulong[words];
        foreach (int bit in PaddingPositions)
        {
            PackedBits.Set(padding, bit, true);
        }

        // Shortened bits: a seeded random choice among all other positions.
        var others = new List<int>(n - paddingBits);
        for (int bit = 0; bit < n; bit++)
        {
            if (!PackedBits.Get(padding, bit))
            {
                others.Add(bit);
            }
        }

        var pool = others.ToArray();
        var rng = new Xoshiro256StarStar(seed);
        for (int i = 0; i < shortenedBits; i++)
        {
            int j = i + rng.NextInt(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        _shortenedMask = new ulong[words];
        for (int i = 0; i < shortenedBits; i++)
        {
            PackedBits.Set(_shortenedMask, pool[i], true);
        }

        ShortenedPositions = pool[..shortenedBits];
        Array.Sort(ShortenedPositions);

        _keyMask = new ulong[words];
        for (int w = 0; w < words; w++)
        {
            _keyMask[w] = ~(padding[w] | _shortenedMask[w]);
        }

        PackedBits.ClearTail(_keyMask, n);
        KeyBits = n - paddingBits - shortenedBits;
        ShortenedBits = shortenedBits;
        _sentChecks = new ulong[PackedBits.WordCount(code.CheckCount)];
        for (int c = 0; c < code.CheckCount; c++)
        {
            PackedBits.Set(_sentChecks, c, true);
        }

        foreach (int check in PrivateChecks)
        {
            PackedBits.Set(_sentChecks, check, false);
        }

        SentSyndromeBits = code.CheckCount - paddingBits;
    }

    private readonly ulong[] _sentChecks;

    /// <summary>Syndrome bits Alice sends in the first message: every check except the private ones.</summary>
    public int SentSyndromeBits { get; }

    /// <summary>Packs the sent checks of a full syndrome (private checks are left out).</summary>
    public ulong[] PackSentSyndrome(ReadOnlySpan<ulong> syndrome)
    {
        var packed = new ulong[PackedBits.WordCount(SentSyndromeBits)];
        var appender = new BitAppender(packed, 0);
        for (int w = 0; w < _sentChecks.Length; w++)
        {
            ulong mask = _sentChecks[w];
            ulong bits = BitGather.Extract(syndrome[w], mask);
            appender.Append(bits, BitOperations.PopCount(mask));
        }

        appender.Flush();
        return packed;
    }

    /// <summary>Rebuilds the full syndrome from the sent bits; private checks are 0 by construction.</summary>
    public void UnpackSentSyndrome(ReadOnlySpan<ulong> sent, Span<ulong> syndrome)
    {
        long position = 0;
        for (int w = 0; w < _sentChecks.Length; w++)
        {
            ulong mask = _sentChecks[w];
            int count = BitOperations.PopCount(mask);
            ulong bits = count == 0 ? 0 : PackedBits.ReadBits(sent, position, count);
            syndrome[w] = BitGather.Deposit(bits, mask);
            position += count;
        }
    }

    public QcLdpcCode Code { get; }

    /// <summary>Key bits the frame carries: n - padding - shortened.</summary>
    public int KeyBits { get; }

    public int ShortenedBits { get; }

    /// <summary>Shortened positions (ascending): fixed to 0 on both sides.</summary>
    public int[] ShortenedPositions { get; }

    public int PaddingBits => PaddingPositions.Length;

    /// <summary>Padding positions in the order their values are revealed.</summary>
    public int[] PaddingPositions { get; }

    /// <summary>The private check of each padding position; its syndrome bit is 0 by construction and never sent.</summary>
    public int[] PrivateChecks { get; }

    internal ReadOnlySpan<ulong> KeyMask => _keyMask;

    internal ReadOnlySpan<ulong> ShortenedMask => _shortenedMask;

    /// <summary>Places <see cref="KeyBits"/> key bits read from <paramref name="key"/> at bit <paramref name="keyOffset"/> into the key positions of <paramref name="frame"/>; other bits become 0.</summary>
    public void Scatter(ReadOnlySpan<ulong> key, long keyOffset, Span<ulong> frame)
    {
        long position = keyOffset;
        for (int w = 0; w < _keyMask.Length; w++)
        {
            ulong mask = _keyMask[w];
            int count = BitOperations.PopCount(mask);
            ulong bits = count == 0 ? 0 : PackedBits.ReadBits(key, position, count);
            frame[w] = BitGather.Deposit(bits, mask);
            position += count;
        }
    }

    /// <summary>Reads the key positions of <paramref name="frame"/> and writes them to <paramref name="key"/> at <paramref name="keyOffset"/>.</summary>
    public void Gather(ReadOnlySpan<ulong> frame, Span<ulong> key, long keyOffset)
    {
        var appender = new BitAppender(key, keyOffset);
        for (int w = 0; w < _keyMask.Length; w++)
        {
            ulong mask = _keyMask[w];
            ulong bits = BitGather.Extract(frame[w], mask);
            appender.Append(bits, BitOperations.PopCount(mask));
        }

        appender.Flush();
    }
}
