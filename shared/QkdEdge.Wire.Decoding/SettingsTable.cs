using QkdEdge.Wire.Packing;

namespace QkdEdge.Wire.Decoding;

/// <summary>
/// For one alphabet size k: every packed settings byte mapped to its m digits, one per byte of a
/// ulong (digit i in byte i), so the decoder writes a whole packed byte's settings with one store.
/// </summary>
internal sealed class SettingsTable
{
    private SettingsTable(int alphabetSize)
    {
        AlphabetSize = alphabetSize;
        SettingsPerByte = SettingsPacking.SettingsPerByte(alphabetSize);
        Limit = SettingsPacking.PackedByteLimit(alphabetSize);
        Digits = new ulong[256];
        for (int b = 0; b < Limit; b++)
        {
            ulong digits = 0;
            int value = b;
            for (int i = 0; i < SettingsPerByte; i++)
            {
                digits |= (ulong)(value % alphabetSize) << (8 * i);
                value /= alphabetSize;
            }

            Digits[b] = digits;
        }

        // Limits[r] = k^r: the last packed byte holding r settings must be below it (padding digits zero).
        Limits = new int[SettingsPerByte + 1];
        Limits[0] = 1;
        for (int r = 1; r <= SettingsPerByte; r++)
            Limits[r] = Limits[r - 1] * alphabetSize;
    }

    public int AlphabetSize { get; }

    public int SettingsPerByte { get; }

    /// <summary>k^m: packed bytes at or above it are invalid.</summary>
    public int Limit { get; }

    public ulong[] Digits { get; }

    public int[] Limits { get; }

    private static readonly SettingsTable?[] Cache = new SettingsTable?[256];

    /// <summary>The table for <paramref name="alphabetSize"/> (built once, then shared; building twice in a race is harmless).</summary>
    public static SettingsTable For(int alphabetSize) =>
        Cache[alphabetSize] ??= new SettingsTable(alphabetSize);
}
