using QkdEdge.Ingest.Tests.Support;

namespace QkdEdge.Ingest.Tests;

public sealed class BoardFrameReaderAllocationTests
{
    [Fact]
    public void Read_WhenFramesStreamIn_AllocatesNothingPerFrame()
    {
        // Ingest runs for hours at hundreds of frames per second: the batch and the frame objects are
        // reused, so steady-state reading must not allocate.
        SentRounds sent = SentRounds.Realistic(3, 0, 200_000, 3, 1000);
        byte[] stream = new ScriptedBoard().Info().Rounds(sent).Status(sent.Count).Bytes;
        var reader = new BoardFrameReader(new MemoryStream(stream, writable: false));
        for (int i = 0; i < 5; i++)
            reader.Read(); // warm-up: tables, first buffer fill

        long before = GC.GetAllocatedBytesForCurrentThread();
        int frames = 0;
        while (reader.Read() != BoardFrameKind.EndOfStream)
            frames++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(frames > 90, $"only {frames} frames read");
        Assert.Equal(0, allocated);
    }
}
