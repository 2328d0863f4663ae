using System.Buffers.Binary;
using System.Security.Cryptography;
using QkdEdge.Archive;
using QkdEdge.Rounds;

namespace QkdEdge.Host.Tests.Archive;

/// <summary>
/// The reader indexes an archive from the hash chain and the records' heads, and decodes a rounds record's
/// columns only when the block is read; the verifier decodes everything. A record whose columns do not decode,
/// chained correctly (as a faulty writer would leave it), shows the difference.
/// </summary>
public sealed class ArchiveReaderDepthTests
{
    [Fact]
    public void OpenThenReadBlock_WhenARoundsRecordsColumnsAreMalformedButChained_OpensAndThrowsOnRead()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("bad-columns.qka");
        var batch = new RoundBatch(1000) { StationId = 1, FirstRound = 0, Count = 1000 };
        for (int i = 0; i < batch.Count; i++)
        {
            batch.Settings[i] = (byte)(i % 3);
            batch.Clicks[i] = (byte)(i % 4);
            batch.TimeTags[i] = 100L * i;
        }

        using (var writer = ArchiveWriter.Create(path, new ArchiveOptions { StationId = 1, SettingAlphabet = 3, BlockRounds = 1000 }))
        {
            writer.Append(batch);
            writer.CutOpenBlock();
        }

        byte[] file = File.ReadAllBytes(path);
        // The first record of the first segment is the rounds record: type, varint length, then the body's head
        // (four varints and the code order) and the packed settings, whose first 40-digit group we set to 2^64 - 1,
        // above 3^40 - 1.
        int offset = 96 + 20 + 1;
        SkipVarint(file, ref offset);
        for (int field = 0; field < 4; field++)
            SkipVarint(file, ref offset);
        offset++;
        file.AsSpan(offset, 8).Fill(0xFF);
        Rechain(file);
        File.WriteAllBytes(path, file);

        Assert.NotEqual(ArchiveIntegrity.Intact, ArchiveVerifier.Verify(path).Integrity);
        using var reader = ArchiveReader.Open(path);
        Assert.Single(reader.Blocks);
        var ex = Assert.Throws<ArchiveCorruptException>(() => reader.ReadBlock(0).ToList());
        Assert.Contains("rounds record does not decode: packed setting group", ex.Message);
        Assert.Equal(0, ex.Report.FirstBadSegment);
    }

    [Fact]
    public void ReadBlock_WithoutTimeTags_GivesTheSameSettingsAndClicksAndLeavesTheTagsUnread()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("columns.qka");
        var random = new Random(17);
        var batch = new RoundBatch(5000) { StationId = 1, FirstRound = 0, Count = 5000 };
        for (int i = 0; i < batch.Count; i++)
        {
            batch.Settings[i] = (byte)random.Next(3);
            batch.Clicks[i] = (byte)random.Next(4);
            batch.TimeTags[i] = (100L * i) + random.Next(-2, 3);
        }

        using (var writer = ArchiveWriter.Create(path, new ArchiveOptions { StationId = 1, SettingAlphabet = 3, BlockRounds = 5000, SegmentRounds = 1024 }))
        {
            writer.Append(batch);
            writer.CutOpenBlock();
        }

        using var reader = ArchiveReader.Open(path);
        var settings = new List<byte>();
        var clicks = new List<byte>();
        foreach (var run in reader.ReadBlock(0, timeTags: false))
        {
            settings.AddRange(run.Settings[..run.Count]);
            clicks.AddRange(run.Clicks[..run.Count]);
            Assert.All(run.TimeTags, tag => Assert.Equal(0, tag)); // a fresh batch, never written
        }

        Assert.Equal(batch.Settings, settings);
        Assert.Equal(batch.Clicks, clicks);
    }

    private static void SkipVarint(byte[] bytes, ref int offset)
    {
        while ((bytes[offset++] & 0x80) != 0)
        {
        }
    }

    /// <summary>Recomputes every segment's hash after an edit (layout: docs/archive-format.md, section 1).</summary>
    private static void Rechain(byte[] file)
    {
        byte[] chain = SHA256.HashData(file.AsSpan(0, 64));
        int offset = 96;
        while (offset < file.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 16));
            chain = SHA256.HashData([.. chain, .. file.AsSpan(offset, 20 + length)]);
            chain.CopyTo(file, offset + 20 + length);
            offset += 20 + length + 32;
        }
    }
}
