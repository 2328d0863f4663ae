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
    /// Writes the payload a chunk at a time, the settings' wire form made as it goes: at 10^9 rounds the settings
    /// alone are 250 MB, and the channel sends the parts as they fill.
    /// </summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(new PayloadWriter().Text(FirmwareVersion).U8((byte)Settings.Alphabet).ToArray(), cancellationToken).ConfigureAwait(false);
        var settings = Settings;
        await StreamPayloadWriter.WriteBitsAsync(stream, (long)settings.Rounds * settings.Width,
            (first, words) => SettingWire.Interleave(settings, first, words), cancellationToken).ConfigureAwait(false);
        await StreamPayloadWriter.WriteBitsAsync(stream, TestedOutputs, TestedCount, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a payload while it arrives, the settings straight into their planes.</summary>
    public static async Task<RevealMessage> ReadAsync(Stream stream, int alphabet, int rounds, long testedCount, CancellationToken cancellationToken)
    {
        var reader = new StreamPayloadReader(stream, cancellationToken);
        string firmware = await reader.TextAsync("firmware version").ConfigureAwait(false);
        byte declared = await reader.U8Async("alphabet").ConfigureAwait(false);
        if (declared != alphabet)
            throw new MalformedPayloadException($"alphabet {declared} where {alphabet} was expected.");
        int width = SettingWidth(alphabet);
        var planes = SettingPlanes.Allocate(width, rounds);
        await reader.BitChunksAsync("settings", (long)rounds * width,
            (first, bytes) => SettingWire.DeinterleaveRange(bytes, first, width, rounds, planes)).ConfigureAwait(false);
        var outputs = await reader.BitsAsync("tested outputs", testedCount).ConfigureAwait(false);
        await reader.EndAsync().ConfigureAwait(false);
        return new RevealMessage(SettingWire.Finish(planes, alphabet, rounds), outputs, testedCount, firmware);
    }

    /// <summary>The whole payload (tests, fuzzing): <see cref="WriteAsync"/> into memory, which completes synchronously.</summary>
    public byte[] Encode() => WholePayload.Write(WriteAsync);

    /// <summary>A whole payload (tests, fuzzing): <see cref="ReadAsync"/> over memory, which completes synchronously.</summary>
    public static RevealMessage Decode(ReadOnlySpan<byte> payload, int alphabet, int rounds, long testedCount) =>
        WholePayload.Read(payload, (stream, ct) => ReadAsync(stream, alphabet, rounds, testedCount, ct));
}
