using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QkdEdge.Wire.Packing;

namespace QkdEdge.Emulator.Peripherals;

/// <summary>
/// Turns the packed settings the firmware hands its settings output (the wire's packing, base k, m
/// per byte) back into one setting per round, as the emulated setting lines need them. A table maps
/// each packed byte to its m digits laid out in a ulong, so a byte costs one lookup and one store; the
/// reference <see cref="SettingsPacking.Unpack"/> divides once per round, which would dominate the
/// emulator's per-round budget.
/// </summary>
internal sealed class PackedSettingsReader
{
    private readonly ulong[] _digits = new ulong[256];
    private readonly int _limit;

    public PackedSettingsReader(int alphabetSize)
    {
        AlphabetSize = alphabetSize;
        SettingsPerByte = SettingsPacking.SettingsPerByte(alphabetSize);
        _limit = SettingsPacking.PackedByteLimit(alphabetSize);
        for (int packed = 0; packed < _limit; packed++)
        {
            ulong digits = 0;
            int value = packed;
            for (int i = 0; i < SettingsPerByte; i++)
            {
                digits |= (ulong)(value % alphabetSize) << (8 * i);
                value /= alphabetSize;
            }
            _digits[packed] = digits;
        }
    }

    public int AlphabetSize { get; }

    public int SettingsPerByte { get; }

    /// <summary>
    /// Writes <paramref name="count"/> settings to <paramref name="settings"/>, which needs
    /// <see cref="SettingsPerByte"/> - 1 + 8 bytes of slack beyond the count for the whole-word stores.
    /// Returns false if a packed byte is not below k^m (a firmware bug; the batch must not be played).
    /// </summary>
    public bool TryRead(byte[] packed, int count, byte[] settings)
    {
        int bytes = (count + SettingsPerByte - 1) / SettingsPerByte;
        if (settings.Length < bytes * SettingsPerByte + 8 || packed.Length < bytes)
            throw new ArgumentException("The settings buffer has no room for whole-word stores.", nameof(settings));
        ref byte destination = ref MemoryMarshal.GetArrayDataReference(settings);
        for (int i = 0; i < bytes; i++)
        {
            int value = packed[i];
            if (value >= _limit)
                return false;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, i * SettingsPerByte), _digits[value]);
        }
        return true;
    }

    /// <summary>Slack <see cref="TryRead"/> needs beyond a batch of the board's largest size.</summary>
    public static int BufferLength(int maxBatchSize) => maxBatchSize + 8 + 8;
}
