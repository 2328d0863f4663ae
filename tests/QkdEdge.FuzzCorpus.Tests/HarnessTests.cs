using QkdEdge.Fuzz;
using QkdEdge.Fuzz.Wire;
using QkdEdge.Wire.Framing;

namespace QkdEdge.FuzzCorpus.Tests;

/// <summary>The harness's own checks can fail: otherwise a clean replay would prove nothing.</summary>
public sealed class HarnessTests
{
    [Fact]
    public void Check_WhenCallAllocatesPastItsBound_ThrowsContractViolation()
    {
        var violation = Assert.Throws<ContractViolationException>(() =>
            AllocationBound.Check("allocating call", inputLength: 10, fixedBytes: 1024, bytesPerInputByte: 8, () => new byte[1 << 20]));

        Assert.Contains("allocating call", violation.Message);
    }

    [Fact]
    public void Check_WhenCallStaysInsideItsBound_ReturnsItsResult()
    {
        int result = AllocationBound.Check("quiet call", inputLength: 10, fixedBytes: 64 * 1024, bytesPerInputByte: 8, () => 42);

        Assert.Equal(42, result);
    }

    [Fact]
    public void ToStream_WhenRecordAsksForCrcAndEncoding_WritesAFrameTheReceiverAccepts()
    {
        byte[] header = [WireLimits.ProtocolVersion, (byte)FrameType.Hello, 0xFF, 0xFF, 0, 0, 0, 0];
        var script = new List<byte>();
        WireScript.AppendRecord(script, WireScript.ValidFrame, header);

        byte[] stream = WireScript.ToStream([.. script]);
        var receiver = new FrameReceiver(LinkEnd.Board);

        Assert.True(receiver.TryReadFrame(stream, 0, stream.Length, out int consumed));
        Assert.Equal(stream.Length, consumed);
        Assert.Equal(FrameError.None, receiver.Error);
        Assert.Equal(FrameType.Hello, receiver.Type);
    }

    [Fact]
    public void ToStream_WhenRecordIsRaw_CopiesItsBytesUnchanged()
    {
        var script = new List<byte>();
        WireScript.AppendRecord(script, 0, [0x00, 0x05, 0x00]);

        Assert.Equal([0x00, 0x05, 0x00], WireScript.ToStream([.. script]));
    }

    [Fact]
    public void Create_WhenNameIsListed_ReturnsTargetOfThatName()
    {
        foreach (string name in FuzzTargets.Names)
            Assert.Equal(name, FuzzTargets.Create(name)!.Name);
    }
}
