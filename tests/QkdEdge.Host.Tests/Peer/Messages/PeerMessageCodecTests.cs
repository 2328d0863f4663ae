using QkdEdge.Peer.Messages;

namespace QkdEdge.Host.Tests.Peer.Messages;

public sealed class PeerMessageCodecTests
{
    [Fact]
    public void TryDecode_WhenAHelloIsShorterThanItsFixedPart_NamesTheLengthAndTheMinimum()
    {
        Assert.Null(PeerMessageCodec.TryDecode(PeerMessageType.Hello, new byte[30], out string? problem));

        Assert.Equal("a Hello payload of 30 bytes is shorter than the type's 47 fixed bytes", problem);
    }

    [Fact]
    public void TryDecode_WhenTheHelloRoleIsNeitherAliceNorBob_NamesTheRoleByte()
    {
        var payload = new byte[47];
        payload[4] = 9;

        Assert.Null(PeerMessageCodec.TryDecode(PeerMessageType.Hello, payload, out string? problem));

        Assert.StartsWith("hello role 9 is neither Alice", problem);
    }

    [Fact]
    public void TryDecode_WhenAByeDetailIsInvalidUtf8_NamesTheByteAndItsOffset()
    {
        byte[] payload = [1, 0, (byte)'o', (byte)'k', 0xFF];

        Assert.Null(PeerMessageCodec.TryDecode(PeerMessageType.Bye, payload, out string? problem));

        Assert.Equal("the bye detail is not valid UTF-8 (bad byte 0xFF at payload offset 4)", problem);
    }

    [Fact]
    public void TryDecode_WhenAnAbortDetailIsValidUtf8_ReturnsTheAbort()
    {
        byte[] payload = [7, 0, 0, 0, 0, 0, 0, 0, 3, 0, (byte)'n', (byte)'o'];

        var abort = Assert.IsType<BlockAbortMessage>(PeerMessageCodec.TryDecode(PeerMessageType.BlockAbort, payload, out string? problem));

        Assert.Null(problem);
        Assert.Equal(new BlockAbortMessage(7, 3, "no"), abort);
    }
}
