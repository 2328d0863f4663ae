using QkdEdge.Protocol.Messages;

namespace QkdEdge.Protocol.Tests.PayloadCodecs;

public sealed class PayloadReaderTests
{
    [Fact]
    public void Text_WhenBytesAreValidUtf8_ReturnsThemDecoded()
    {
        byte[] payload = new PayloadWriter().Text("block-é-7").ToArray();

        var reader = new PayloadReader(payload);

        Assert.Equal("block-é-7", reader.Text("block id"));
    }

    [Fact]
    public void Text_WhenBytesAreInvalidUtf8_ThrowsMalformedNamingTheFieldTheByteAndItsOffset()
    {
        // Length 4, then 'a', 'b', a lone continuation byte, 'c': the bad byte sits at payload offset 4.
        byte[] payload = [4, 0, (byte)'a', (byte)'b', 0x80, (byte)'c'];

        var error = Assert.Throws<MalformedPayloadException>(() => new PayloadReader(payload).Text("firmware version"));

        Assert.StartsWith("firmware version:", error.Message);
        Assert.Contains("0x80 at offset 4", error.Message);
    }

    [Fact]
    public void Text_WhenTextIsATruncatedMultibyteSequence_ThrowsMalformed()
    {
        // 'é' is C3 A9; the field holds only its first byte.
        byte[] payload = [1, 0, 0xC3];

        Assert.Throws<MalformedPayloadException>(() => new PayloadReader(payload).Text("abort detail"));
    }

    [Fact]
    public void Decode_WhenTheSelectionsBlockIdIsInvalidUtf8_ThrowsMalformedForTheBlockId()
    {
        byte[] valid = new TestSelectionMessage("ab", 64, new ulong[1]).Encode();
        valid[3] = 0xFF;

        var error = Assert.Throws<MalformedPayloadException>(() => TestSelectionMessage.Decode(valid, 100));

        Assert.StartsWith("block id:", error.Message);
    }
}
