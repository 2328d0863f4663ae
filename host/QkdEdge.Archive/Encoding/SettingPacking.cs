namespace QkdEdge.Archive.Encoding;

/// <summary>
/// Packs settings of a k-letter alphabet in base k: g settings become one number below k^g, written in
/// ceil(log2(k^g)) bits. g is the largest group that fits 64 bits, so a ternary alphabet costs 64/40 = 1.6
/// bits per setting (the entropy is 1.585) and a binary one exactly 1.
/// </summary>
internal sealed class SettingPacking
{
    private readonly ulong[] _powers;
    private readonly int[] _bitsForDigits;

    public SettingPacking(int alphabet)
    {
        if (alphabet < 2 || alphabet > 255)
            throw new ArgumentOutOfRangeException(nameof(alphabet), alphabet, "A setting alphabet has 2..255 letters.");
        Alphabet = alphabet;
        var powers = new List<ulong> { 1 };
        // Extend while k^(g+1) still fits an unsigned 64-bit word.
        while (powers[^1] <= ulong.MaxValue / (ulong)alphabet)
            powers.Add(powers[^1] * (ulong)alphabet);
        _powers = powers.ToArray();
        GroupSize = _powers.Length - 1;
        _bitsForDigits = new int[GroupSize + 1];
        for (int digits = 1; digits <= GroupSize; digits++)
            _bitsForDigits[digits] = BitLengthOf(_powers[digits] - 1);
    }

    public int Alphabet { get; }

    /// <summary>Settings per packed group.</summary>
    public int GroupSize { get; }

    public void Write(BitWriter writer, ReadOnlySpan<byte> settings)
    {
        int k = Alphabet;
        for (int start = 0; start < settings.Length; start += GroupSize)
        {
            int digits = Math.Min(GroupSize, settings.Length - start);
            ulong value = 0;
            // Most significant digit first, so the loop is a Horner evaluation.
            for (int i = start + digits - 1; i >= start; i--)
                value = value * (ulong)k + settings[i];
            writer.WriteBits(value, _bitsForDigits[digits]);
        }
    }

    public void Read(ref BitReader reader, Span<byte> settings)
    {
        int k = Alphabet;
        for (int start = 0; start < settings.Length; start += GroupSize)
        {
            int digits = Math.Min(GroupSize, settings.Length - start);
            ulong value = reader.ReadBits(_bitsForDigits[digits]);
            if (value >= _powers[digits])
                throw new ArchiveFormatException($"packed setting group {value} is not below {k}^{digits}");
            for (int i = start; i < start + digits; i++)
            {
                settings[i] = (byte)(value % (ulong)k);
                value /= (ulong)k;
            }
        }
    }

    private static int BitLengthOf(ulong value) => 64 - System.Numerics.BitOperations.LeadingZeroCount(value);
}
