using QkdEdge.Distillation.Bits;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Each way: every round's setting (fixed-width, ceil(log2 k) bits per round) and the output bit of every
/// tested round, in round order, and the station's board firmware version (provenance of the key).
/// </summary>
public sealed record RevealMessage(byte[] Settings, ulong[] TestedOutputs, long TestedCount, string FirmwareVersion)
{
    public static int SettingWidth(int alphabet) => alphabet <= 2 ? 1 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(alphabet - 1));

    public byte[] Encode(int alphabet)
    {
        int width = SettingWidth(alphabet);
        long bits = (long)Settings.Length * width;
        var packed = new ulong[PackedBits.WordCount(bits)];
        for (int i = 0; i < Settings.Length; i++)
            PackedBits.WriteBits(packed, (long)i * width, Settings[i], width);
        return new PayloadWriter().Text(FirmwareVersion).U8((byte)alphabet).Bits(packed, bits).Bits(TestedOutputs, TestedCount).ToArray();
    }

    public static RevealMessage Decode(ReadOnlySpan<byte> payload, int alphabet, int rounds, long testedCount)
    {
        var reader = new PayloadReader(payload);
        string firmware = reader.Text("firmware version");
        byte declared = reader.U8("alphabet");
        if (declared != alphabet)
            throw new MalformedPayloadException($"alphabet {declared} where {alphabet} was expected.");
        int width = SettingWidth(alphabet);
        var packed = reader.Bits("settings", (long)rounds * width);
        var outputs = reader.Bits("tested outputs", testedCount);
        reader.End();
        var settings = new byte[rounds];
        for (int i = 0; i < rounds; i++)
        {
            ulong value = PackedBits.ReadBits(packed, (long)i * width, width);
            if (value >= (ulong)alphabet)
                throw new MalformedPayloadException($"round {i}: setting {value} outside the alphabet of {alphabet}.");
            settings[i] = (byte)value;
        }
        return new RevealMessage(settings, outputs, testedCount, firmware);
    }
}
