using CsCheck;
using QkdEdge.Wire.Decoding;
using QkdEdge.Wire.Framing;
using QkdEdge.Wire.Tests.Support;

namespace QkdEdge.Wire.Tests.Decoding;

public sealed class FrameStreamReaderTests
{
    [Fact]
    public void TryReadFrame_WhenStreamDeliversRandomChunks_SplitsAtEveryDelimiter()
    {
        Property.Check(Gen.Select(Gen.Byte[1, 255].Array[0, 1029].Array[1, 60], Gen.Int[1, 5000]), 100, seed: 91, t =>
        {
            (byte[][] frames, int chunk) = t;
            byte[] stream = frames.SelectMany(f => f.Append((byte)0)).ToArray();
            var reader = new FrameStreamReader(new ChunkedStream(stream, chunk), 4096);
            var seen = new List<byte[]>();
            while (reader.TryReadFrame(out ReadOnlySpan<byte> frame) == SplitResult.Frame)
                seen.Add(frame.ToArray());
            Assert.Equal(frames.Select(f => WireBytes.Hex(f)), seen.Select(f => WireBytes.Hex(f)));
            Assert.Equal(stream.Length, reader.BytesRead);
            Assert.Equal(0, reader.BytesDiscarded);
        });
    }

    [Fact]
    public void TryReadFrame_WhenRunExceedsLimit_DiscardsItAndResumes()
    {
        byte[] longRun = Enumerable.Repeat((byte)7, 5000).ToArray();
        byte[] stream = [.. longRun, 0, 1, 2, 3, 0, 9, 9];
        var reader = new FrameStreamReader(new ChunkedStream(stream, 700), 4096);
        Assert.Equal(SplitResult.FrameTooLong, reader.TryReadFrame(out _));
        Assert.Equal(0, reader.FrameStreamOffset);
        Assert.Equal(SplitResult.Frame, reader.TryReadFrame(out ReadOnlySpan<byte> frame));
        Assert.Equal("010203", WireBytes.Hex(frame));
        Assert.Equal(5001, reader.FrameStreamOffset);
        Assert.Equal(SplitResult.EndOfStream, reader.TryReadFrame(out _));
        Assert.Equal(5001 + 2, reader.BytesDiscarded); // the long run with its delimiter, and the unterminated tail
    }

    [Fact]
    public void TryReadFrame_WhenFrameIsExactlyAtLimit_ReturnsIt()
    {
        byte[] frame = Enumerable.Repeat((byte)3, WireLimits.MaxEncodedFrameBytes).ToArray();
        var reader = new FrameStreamReader(new ChunkedStream([.. frame, 0], 100), 4096);
        Assert.Equal(SplitResult.Frame, reader.TryReadFrame(out ReadOnlySpan<byte> read));
        Assert.Equal(WireLimits.MaxEncodedFrameBytes, read.Length);
    }
}
