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
        // The protocols' alphabets get a copy of the loop with the radix a constant, which the JIT turns into a
        // multiply and shift: a 64-bit division by a variable costs several times that, once per setting.
        switch (Alphabet)
        {
            case 2:
                ReadDigits<Radix2>(ref reader, settings);
                break;
            case 3:
                ReadDigits<Radix3>(ref reader, settings);
                break;
            default:
                ReadDigits<RadixOfAlphabet>(ref reader, settings);
                break;
        }
    }

    private void ReadDigits<TRadix>(ref BitReader reader, Span<byte> settings)
        where TRadix : struct, IRadix
    {
        ulong k = TRadix.Value(Alphabet);
        for (int start = 0; start < settings.Length; start += GroupSize)
        {
            int digits = Math.Min(GroupSize, settings.Length - start);
            ulong value = reader.ReadBits(_bitsForDigits[digits]);
            if (value >= _powers[digits])
                throw new ArchiveFormatException($"packed setting group {value} is not below {k}^{digits}");
            for (int i = start; i < start + digits; i++)
            {
                ulong quotient = value / k;
                settings[i] = (byte)(value - (quotient * k));
                value = quotient;
            }
        }
    }

    /// <summary>The radix of a packed group; a struct per constant radix makes the JIT compile a loop for each.</summary>
    private interface IRadix
    {
        static abstract ulong Value(int alphabet);
    }

    private struct Radix2 : IRadix
    {
        public static ulong Value(int alphabet) => 2;
    }

    private struct Radix3 : IRadix
    {
        public static ulong Value(int alphabet) => 3;
    }

    private struct RadixOfAlphabet : IRadix
    {
        public static ulong Value(int alphabet) => (ulong)alphabet;
    }

    private static int BitLengthOf(ulong value) => 64 - System.Numerics.BitOperations.LeadingZeroCount(value);
}
