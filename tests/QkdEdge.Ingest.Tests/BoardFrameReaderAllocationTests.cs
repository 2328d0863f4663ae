using QkdEdge.Ingest.Tests.Support;

namespace QkdEdge.Ingest.Tests;

public sealed class BoardFrameReaderAllocationTests
{
    [Fact]
    public void Read_WhenFramesStreamIn_AllocatesNothingPerFrame()
    {
        // Ingest runs for hours at hundreds of frames per second: the batch and the frame objects are
        // reused, so steady-state reading must not allocate. A reader that allocated per frame would allocate in
        // every pass; the runtime itself occasionally allocates on the thread once (tier-up of a hot method, a
        // shared pool trimmed under memory pressure from tests running beside this one), so the test takes the
        // smallest of three passes, each a fresh reader over the same bytes after its warm-up.
        SentRounds sent = SentRounds.Realistic(3, 0, 200_000, 3, 1000);
        byte[] stream = new ScriptedBoard().Info().Rounds(sent).Status(sent.Count).Bytes;
        var passes = new List<(int Frames, long Allocated)>();
        for (int pass = 0; pass < 3; pass++)
        {
            var reader = new BoardFrameReader(new MemoryStream(stream, writable: false));
            for (int i = 0; i < 5; i++)
                reader.Read(); // warm-up: tables, first buffer fill

            long before = GC.GetAllocatedBytesForCurrentThread();
            int frames = 0;
            while (reader.Read() != BoardFrameKind.EndOfStream)
                frames++;
            passes.Add((frames, GC.GetAllocatedBytesForCurrentThread() - before));
        }

        Assert.All(passes, p => Assert.True(p.Frames > 90, $"only {p.Frames} frames read"));
        Assert.True(passes.Min(p => p.Allocated) == 0, "every pass allocated: " + string.Join(", ", passes.Select(p => $"{p.Allocated} bytes over {p.Frames} frames")));
    }
}
