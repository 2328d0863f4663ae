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

    /// <summary>
    /// The payload, written into one array of its exact size and the settings' wire form a chunk at a time: at
    /// 10^9 rounds the settings alone are 250 MB, and a whole wire string plus a growing buffer held three times that.
    /// </summary>
    public byte[] Encode()
    {
        long wireBits = (long)Settings.Rounds * Settings.Width;
        long size = PayloadWriter.TextBytes(FirmwareVersion) + 1 + PayloadWriter.BitsBytes(wireBits) + PayloadWriter.BitsBytes(TestedCount);
        var settings = Settings;
        return new PayloadWriter(checked((int)size)).Text(FirmwareVersion).U8((byte)Settings.Alphabet)
            .Bits(wireBits, SettingWire.ChunkMultiple(Settings.Width), (first, words) => SettingWire.Interleave(settings, first, words))
            .Bits(TestedOutputs, TestedCount).ToArray();
    }

    public static RevealMessage Decode(ReadOnlySpan<byte> payload, int alphabet, int rounds, long testedCount)
    {
        var reader = new PayloadReader(payload);
        string firmware = reader.Text("firmware version");
        byte declared = reader.U8("alphabet");
        if (declared != alphabet)
            throw new MalformedPayloadException($"alphabet {declared} where {alphabet} was expected.");
        // Read in place: a copy of the wire string would hold as much again as the payload.
        var wire = reader.BitBytes("settings", (long)rounds * SettingWidth(alphabet));
        var outputs = reader.Bits("tested outputs", testedCount);
        reader.End();
        return new RevealMessage(SettingWire.Deinterleave(wire, alphabet, rounds), outputs, testedCount, firmware);
    }
}
