using QkdEdge.Protocol.Planes;

namespace QkdEdge.Protocol.Messages;

/// <summary>
/// Each way: every round's setting (fixed-width, ceil(log2 k) bits per round, see <see cref="SettingWire"/>)
/// and the output bit of every tested round, in round order, and the station's board firmware version
/// (provenance of the key).
/// </summary>
public sealed record RevealMessage(SettingPlanes Settings, ulong[] TestedOutputs, long TestedCount, string FirmwareVersion)
{
    public static int SettingWidth(int alphabet) => SettingPlanes.WidthFor(alphabet);

    public byte[] Encode()
    {
        var wire = SettingWire.Interleave(Settings);
        return new PayloadWriter().Text(FirmwareVersion).U8((byte)Settings.Alphabet)
            .Bits(wire, (long)Settings.Rounds * Settings.Width).Bits(TestedOutputs, TestedCount).ToArray();
    }

    public static RevealMessage Decode(ReadOnlySpan<byte> payload, int alphabet, int rounds, long testedCount)
    {
        var reader = new PayloadReader(payload);
        string firmware = reader.Text("firmware version");
        byte declared = reader.U8("alphabet");
        if (declared != alphabet)
            throw new MalformedPayloadException($"alphabet {declared} where {alphabet} was expected.");
        var wire = reader.Bits("settings", (long)rounds * SettingWidth(alphabet));
        var outputs = reader.Bits("tested outputs", testedCount);
        reader.End();
        return new RevealMessage(SettingWire.Deinterleave(wire, alphabet, rounds), outputs, testedCount, firmware);
    }
}
