using CsCheck;
using QkdEdge.Wire.Decoding;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Frames;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Decoding;

/// <summary>The host's table-driven decoder must accept exactly what the reference decoder accepts, with the same rounds.</summary>
public sealed class RoundsPayloadDecoderTests
{
    private static readonly int Capacity = RoundsFrameLayout.MaxRoundsPerAnyFrame;

    [Fact]
    public void Decode_WhenPayloadIsValid_AgreesWithReferenceDecoder()
    {
        Property.Check(RoundColumns.Generator(3000), 500, seed: 81, sent =>
        {
            byte[] payload = Payload(sent, out int written);
            (FrameError fastError, RoundsHeader header, byte[] settings, byte[] clicks, long[] tags) = Fast(payload);
            Assert.Equal(FrameError.None, fastError);
            Assert.Equal(new RoundsHeader(sent.FirstRound, written, sent.AlphabetSize, sent.TimeTags[0], sent.Period, header.ExceptionCount), header);
            Assert.Equal(sent.Settings.AsSpan(0, written).ToArray(), settings.AsSpan(0, written).ToArray());
            Assert.Equal(sent.Clicks.AsSpan(0, written).ToArray(), clicks.AsSpan(0, written).ToArray());
            Assert.Equal(sent.TimeTags.AsSpan(0, written).ToArray(), tags.AsSpan(0, written).ToArray());
        });
    }

    [Fact]
    public void Decode_WhenPayloadIsMutated_AcceptsAndRejectsLikeReferenceDecoder()
    {
        // Payloads with a byte changed, dropped or appended: the CRC would catch these on the wire,
        // so this exercises the payload checks themselves on both decoders.
        Gen<(RoundColumns, int, int, byte)> gen = Gen.Select(RoundColumns.Generator(400), Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte);
        Property.Check(gen, 5000, seed: 82, t =>
        {
            (RoundColumns sent, int mutation, int where, byte value) = t;
            byte[] payload = Payload(sent, out _);
            int at = where % payload.Length;
            payload = mutation switch
            {
                0 => Set(payload, at, value),
                1 => [.. payload.AsSpan(0, at), .. payload.AsSpan(at + 1)],
                _ => [.. payload.AsSpan(0, at), value, .. payload.AsSpan(at)],
            };

            var reference = new RoundsFrame();
            var refSettings = new byte[Capacity];
            var refClicks = new byte[Capacity];
            var refTags = new long[Capacity];
            FrameError refError = reference.ReadPayload(payload, 0, payload.Length, refSettings, refClicks, refTags, 0, out int refOffset);
            (FrameError fastError, RoundsHeader header, byte[] settings, byte[] clicks, long[] tags) = Fast(payload, out int fastOffset);

            Assert.Equal(refError, fastError);
            Assert.Equal(refOffset, fastOffset);
            if (refError == FrameError.None)
            {
                int n = reference.RoundCount;
                Assert.Equal(n, header.RoundCount);
                Assert.Equal(refSettings.AsSpan(0, n).ToArray(), settings.AsSpan(0, n).ToArray());
                Assert.Equal(refClicks.AsSpan(0, n).ToArray(), clicks.AsSpan(0, n).ToArray());
                Assert.Equal(refTags.AsSpan(0, n).ToArray(), tags.AsSpan(0, n).ToArray());
            }
        });
    }

    [Fact]
    public void Decode_WhenExceptionListsRoundZero_RejectsIt()
    {
        var sent = new RoundColumns(0, 2, 10, [0, 1], [0, 0], [0, 10]);
        byte[] payload = Payload(sent, out _);
        // Claim one exception and append (gap 0, zigzag 2): gap 0 would list round 0.
        payload[RoundsFrameLayout.ExceptionCountOffset] = 1;
        payload = [.. payload, 0x00, 0x02];
        Assert.Equal(FrameError.InvalidTimeTagException, Fast(payload).Error);
    }

    [Fact]
    public void Decode_WhenColumnsTooSmallForValidFrame_Throws()
    {
        var sent = new RoundColumns(0, 2, 10, new byte[50], new byte[50], Enumerable.Range(0, 50).Select(i => 10L * i).ToArray());
        byte[] payload = Payload(sent, out _);
        Assert.Throws<ArgumentException>(() => RoundsPayloadDecoder.Decode(payload, new byte[10], new byte[50], new long[50], out _, out _));
    }

    private static byte[] Payload(RoundColumns sent, out int written)
    {
        var buffer = new byte[WireLimits.MaxPayloadBytes];
        int length = RoundsFrameEncoder.WritePayload(sent.FirstRound, sent.AlphabetSize, sent.Period, sent.Settings, sent.Clicks, sent.TimeTags,
            0, sent.Count, buffer, 0, WireLimits.MaxPayloadBytes, out written);
        return buffer.AsSpan(0, length).ToArray();
    }

    private static (FrameError Error, RoundsHeader Header, byte[] Settings, byte[] Clicks, long[] Tags) Fast(byte[] payload) => Fast(payload, out _);

    private static (FrameError Error, RoundsHeader Header, byte[] Settings, byte[] Clicks, long[] Tags) Fast(byte[] payload, out int errorOffset)
    {
        var settings = new byte[Capacity];
        var clicks = new byte[Capacity];
        var tags = new long[Capacity];
        FrameError error = RoundsPayloadDecoder.Decode(payload, settings, clicks, tags, out RoundsHeader header, out errorOffset);
        return (error, header, settings, clicks, tags);
    }

    private static byte[] Set(byte[] bytes, int at, byte value)
    {
        bytes[at] = value;
        return bytes;
    }
}
