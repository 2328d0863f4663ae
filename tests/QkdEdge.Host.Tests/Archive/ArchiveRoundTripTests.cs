using QkdEdge.Archive;
using Xunit.Abstractions;

namespace QkdEdge.Host.Tests.Archive;

public sealed class ArchiveRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public void ReadBlock_WhenTenMillionRoundsWithEventsWereAppended_ReturnsEveryRoundAndEventExactly()
    {
        const ulong seed = 20_261_123;
        using var directory = new TemporaryDirectory();
        string path = directory.File("station.qka");
        var station = new SyntheticRounds(seed, alphabet: 3);
        var options = new ArchiveOptions { StationId = SyntheticRounds.StationId, SettingAlphabet = 3, BlockRounds = 1 << 20 };
        using (var writer = ArchiveWriter.Create(path, options))
        {
            station.WriteTo(writer, totalRounds: 10_000_000, maxBatch: 4096, gapChance: 0.002, resetChance: 0.0003);
            writer.CutOpenBlock();
        }

        // Opening the reader verifies the whole archive (the same scan as ArchiveVerifier.Verify).
        using var reader = ArchiveReader.Open(path);
        var report = reader.Verification;
        output.WriteLine($"seed {seed}: {report.Rounds} rounds, {report.Segments} segments, {report.Blocks} blocks, {report.Events} events, {report.FileBytes} bytes, {report.BytesPerRound:F4} bytes/round");
        Assert.Equal(ArchiveIntegrity.Intact, report.Integrity);
        Assert.Equal(station.RoundsWritten, report.Rounds);

        var runs = new SyntheticRounds(seed, 3);
        long mismatches = 0;
        string? firstMismatch = null;
        long roundsRead = 0;
        foreach (var block in reader.Blocks)
        {
            long present = 0;
            foreach (var batch in reader.ReadBlock(block.BlockId))
            {
                if (batch.FirstRound < block.FirstRound || batch.FirstRound + batch.Count > block.EndRound)
                    throw new Xunit.Sdk.XunitException($"block {block.BlockId} returned rounds {batch.FirstRound}+{batch.Count} outside its range");
                for (int i = 0; i < batch.Count; i++)
                {
                    long round = batch.FirstRound + i;
                    if (batch.Settings[i] != station.Setting(block.Epoch, round) || batch.Clicks[i] != station.Clicks(block.Epoch, round)
                        || batch.TimeTags[i] != station.Tag(block.Epoch, round))
                    {
                        mismatches++;
                        firstMismatch ??= $"epoch {block.Epoch} round {round}";
                    }
                }
                runs.AddRun(block.Epoch, batch.FirstRound, batch.Count);
                present += batch.Count;
            }
            Assert.Equal(block.RoundsPresent, present);
            roundsRead += present;
        }

        Assert.True(mismatches == 0, $"{mismatches} rounds differ, first at {firstMismatch}");
        Assert.Equal(station.RoundsWritten, roundsRead);
        Assert.Equal(station.WrittenRuns, runs.WrittenRuns);
        Assert.Equal(station.WrittenEvents, reader.Events);
    }

    [Fact]
    public void Append_WhenTagsJitterAFewTicks_StoresUnderOneBytePerRound()
    {
        // Expected size per round: 1 bit setting (binary alphabet), 2 click bits, and a tag step within +-8 ticks
        // of the period (uniform jitter +-4 on each tag), which the order-2 Exp-Golomb code stores in 3 to 5 bits.
        // Record and segment overhead add well under a bit. So 8 bits is a bound the encoder must meet.
        using var directory = new TemporaryDirectory();
        string path = directory.File("dense.qka");
        var station = new SyntheticRounds(5, alphabet: 2);
        using (var writer = ArchiveWriter.Create(path, new ArchiveOptions { StationId = SyntheticRounds.StationId, SettingAlphabet = 2, BlockRounds = 1 << 18 }))
            station.WriteTo(writer, totalRounds: 1_000_000, maxBatch: 1024, gapChance: 0, resetChance: 0);

        var report = ArchiveVerifier.Verify(path);
        output.WriteLine($"{report.BytesPerRound:F4} bytes/round ({8 * report.BytesPerRound:F2} bits)");
        Assert.True(report.BytesPerRound < 1.0, $"{report.BytesPerRound} bytes per round");
    }
}
