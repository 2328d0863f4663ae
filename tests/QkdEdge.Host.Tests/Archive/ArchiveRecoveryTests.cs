using QkdEdge.Archive;
using QkdEdge.Rounds;

namespace QkdEdge.Host.Tests.Archive;

public sealed class ArchiveRecoveryTests
{
    private static readonly ArchiveOptions Options = new() { StationId = SyntheticRounds.StationId, SettingAlphabet = 2, BlockRounds = 1000, SegmentRounds = 100 };

    private static RoundBatch Batch(long first, int count, long epoch = 0)
    {
        var station = new SyntheticRounds(1, 2);
        var batch = new RoundBatch(count) { StationId = SyntheticRounds.StationId, FirstRound = first, Count = count };
        for (int i = 0; i < count; i++)
        {
            batch.Settings[i] = station.Setting(epoch, first + i);
            batch.Clicks[i] = station.Clicks(epoch, first + i);
            batch.TimeTags[i] = station.Tag(epoch, first + i);
        }
        return batch;
    }

    [Fact]
    public void Open_WhenTheLastSegmentWasTornByACrash_DropsItCountsItAndAppendsAfterTheLastGoodSegment()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("torn.qka");
        long goodLength;
        using (var writer = ArchiveWriter.Create(path, Options))
        {
            writer.Append(Batch(0, 300)); // three full segments
            goodLength = new FileInfo(path).Length;
            writer.Append(Batch(300, 100)); // a fourth
        }
        // A crash in the middle of writing the fourth segment: the file holds part of it.
        byte[] full = File.ReadAllBytes(path);
        var starts = ArchiveTamperTests.SegmentStarts(full);
        Assert.Equal(goodLength, starts[3]);
        int tornLength = (int)goodLength + 57;
        File.WriteAllBytes(path, full[..tornLength]);

        var verify = ArchiveVerifier.Verify(path);
        Assert.Equal(ArchiveIntegrity.TornTail, verify.Integrity);
        Assert.Equal(57, verify.TornBytes);
        Assert.Equal(goodLength, verify.FirstBadOffset);

        using (var writer = ArchiveWriter.Open(path))
        {
            Assert.Equal(57, writer.Recovery!.TornBytesDropped);
            Assert.False(writer.Recovery.SealRemoved);
            Assert.Equal(300, writer.RoundsAppended);
            writer.Append(Batch(300, 100));
            writer.CutOpenBlock();
        }

        var after = ArchiveVerifier.Verify(path);
        Assert.Equal(ArchiveIntegrity.Intact, after.Integrity);
        Assert.Equal(400, after.Rounds);
        using var reader = ArchiveReader.Open(path);
        var resumed = Assert.Single(reader.Events);
        Assert.Equal(ArchiveEventKind.ArchiveResumed, resumed.Kind);
        Assert.Equal(57, resumed.Value);
        Assert.Equal(400, reader.ReadBlock(0).Sum(b => (long)b.Count));
    }

    [Fact]
    public void Open_WhenTheArchiveWasSealed_RemovesTheSealContinuesTheChainAndSealsAgain()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("sealed.qka");
        ArchiveHead headBeforeClose;
        using (var writer = ArchiveWriter.Create(path, Options))
        {
            writer.Append(Batch(0, 150));
            writer.Commit();
            headBeforeClose = writer.Head;
        }
        using (var writer = ArchiveWriter.Open(path))
        {
            Assert.True(writer.Recovery!.SealRemoved);
            Assert.Equal(0, writer.Recovery.TornBytesDropped);
            writer.Append(Batch(150, 100));
        }

        var report = ArchiveVerifier.Verify(path);
        Assert.Equal(ArchiveIntegrity.Intact, report.Integrity);
        Assert.Equal(250, report.Rounds);
        Assert.True(ArchiveVerifier.ContainsHead(path, headBeforeClose));
    }

    [Fact]
    public void Open_WhenASegmentBeforeTheLastWasChanged_ThrowsAndLeavesTheFileAlone()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("changed.qka");
        using (var writer = ArchiveWriter.Create(path, Options))
            writer.Append(Batch(0, 400));
        byte[] bytes = File.ReadAllBytes(path);
        var starts = ArchiveTamperTests.SegmentStarts(bytes);
        bytes[starts[1] + 40] ^= 1;
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<ArchiveCorruptException>(() => ArchiveWriter.Open(path));

        Assert.Equal(1, ex.Report.FirstBadSegment);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_WhenALengthFieldInTheMiddleGrows_ReportsCorruptionInsteadOfATornTail()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("length.qka");
        using (var writer = ArchiveWriter.Create(path, Options))
            writer.Append(Batch(0, 400));
        byte[] bytes = File.ReadAllBytes(path);
        var starts = ArchiveTamperTests.SegmentStarts(bytes);
        // Make segment 1 claim to run past the end of the file: a reopen must not drop segments 1..n as "torn".
        BitConverter.GetBytes((uint)(bytes.Length)).CopyTo(bytes, (int)starts[1] + 16);
        File.WriteAllBytes(path, bytes);

        Assert.Equal(ArchiveIntegrity.Corrupt, ArchiveVerifier.Verify(path).Integrity);
        Assert.Throws<ArchiveCorruptException>(() => ArchiveWriter.Open(path));
    }

    [Fact]
    public void Verify_WhenTheWriterStoppedWithoutDispose_ReportsOpenWithEverythingCommitted()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("live.qka");
        var writer = ArchiveWriter.Create(path, Options);
        writer.Append(Batch(0, 250)); // two segments written, 50 rounds pending

        var report = ArchiveVerifier.Verify(path);

        Assert.Equal(ArchiveIntegrity.Open, report.Integrity);
        Assert.Equal(200, report.Rounds);
        writer.Dispose();
        Assert.Equal(250, ArchiveVerifier.Verify(path).Rounds);
    }
}
