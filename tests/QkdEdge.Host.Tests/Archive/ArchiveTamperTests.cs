using QkdEdge.Archive;
using Xunit.Abstractions;

namespace QkdEdge.Host.Tests.Archive;

public sealed class ArchiveTamperTests(ITestOutputHelper output)
{
    /// <summary>A small but complete archive: several segments, rounds, every event kind, block cuts, a reset, a seal.</summary>
    private static byte[] SmallArchive()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("small.qka");
        var station = new SyntheticRounds(11, alphabet: 3);
        var options = new ArchiveOptions { StationId = SyntheticRounds.StationId, SettingAlphabet = 3, BlockRounds = 40, SegmentRounds = 32 };
        using (var writer = ArchiveWriter.Create(path, options))
            station.WriteTo(writer, totalRounds: 150, maxBatch: 24, gapChance: 0.15, resetChance: 0.08);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void Verify_WhenAnySingleByteIsChangedToAnyOtherValue_ReportsFailure()
    {
        byte[] archive = SmallArchive();
        Assert.Equal(ArchiveIntegrity.Intact, ArchiveVerifier.Verify(new MemoryStream(archive, writable: false)).Integrity);
        var stream = new MemoryStream(archive, writable: false);
        long undetected = 0;
        string? first = null;
        for (int position = 0; position < archive.Length; position++)
        {
            byte original = archive[position];
            for (int value = 0; value < 256; value++)
            {
                if (value == original)
                    continue;
                archive[position] = (byte)value;
                var report = ArchiveVerifier.Verify(stream);
                if (report.IsIntact || report.FirstBadOffset is null || report.FirstBadOffset > position)
                {
                    undetected++;
                    first ??= $"byte {position} set to {value}: {report.Integrity}, first bad {report.FirstBadOffset}";
                }
            }
            archive[position] = original;
        }
        output.WriteLine($"seed 11: {archive.Length} bytes x 255 values = {archive.Length * 255L} changed archives checked");
        Assert.True(undetected == 0, $"{undetected} changes not located at or before the changed byte; first: {first}");
    }

    [Fact]
    public void Verify_WhenTruncatedAtAnyLength_ReportsFailure()
    {
        byte[] archive = SmallArchive();
        for (int length = 0; length < archive.Length; length++)
        {
            var report = ArchiveVerifier.Verify(new MemoryStream(archive, 0, length, writable: false));
            Assert.False(report.IsIntact, $"truncation to {length} bytes verified as intact");
        }
    }

    [Fact]
    public void Verify_WhenAByteInTheThirdSegmentChanges_NamesThatSegmentAndItsFirstByte()
    {
        byte[] archive = SmallArchive();
        var segmentStarts = SegmentStarts(archive);
        Assert.True(segmentStarts.Count > 4, "the small archive should have several segments");
        int target = (int)segmentStarts[2] + 30;
        archive[target] ^= 0x10;

        var report = ArchiveVerifier.Verify(new MemoryStream(archive, writable: false));

        Assert.Equal(ArchiveIntegrity.Corrupt, report.Integrity);
        Assert.Equal(2, report.FirstBadSegment);
        Assert.Equal(segmentStarts[2], report.FirstBadOffset);
        Assert.Equal(2, report.Head.Segments);
    }

    [Fact]
    public void ContainsHead_WhenArchiveWasRewrittenBeforeTheRecordedHead_ReturnsFalse()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("anchored.qka");
        var options = new ArchiveOptions { StationId = SyntheticRounds.StationId, SettingAlphabet = 2, BlockRounds = 100, SegmentRounds = 50, ArchiveId = Guid.Empty };
        ArchiveHead recorded;
        using (var writer = ArchiveWriter.Create(path, options))
        {
            new SyntheticRounds(3, 2).WriteTo(writer, 500, 40, 0, 0);
            writer.Commit();
            recorded = writer.Head;
        }
        Assert.True(ArchiveVerifier.ContainsHead(path, recorded));

        // Someone regenerates the archive from different rounds: every hash is consistent again, but the
        // head recorded elsewhere is no longer in the chain.
        File.Delete(path);
        using (var writer = ArchiveWriter.Create(path, options))
            new SyntheticRounds(4, 2).WriteTo(writer, 500, 40, 0, 0);
        Assert.Equal(ArchiveIntegrity.Intact, ArchiveVerifier.Verify(path).Integrity);
        Assert.False(ArchiveVerifier.ContainsHead(path, recorded));
    }

    /// <summary>Segment offsets from the layout in docs/archive-format.md, read independently of the scanner.</summary>
    internal static List<long> SegmentStarts(byte[] archive)
    {
        var starts = new List<long>();
        long offset = 96;
        while (offset + 20 <= archive.Length)
        {
            starts.Add(offset);
            uint payload = BitConverter.ToUInt32(archive, (int)offset + 16);
            offset += 20 + payload + 32;
        }
        return starts;
    }
}
