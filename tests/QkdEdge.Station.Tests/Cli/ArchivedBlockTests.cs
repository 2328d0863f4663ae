using QkdEdge.Cli.Commands.Bench;
using QkdEdge.Distillation.Measurement;

namespace QkdEdge.Station.Tests.Cli;

/// <summary>
/// The benchmark's archive-fed block: what the writer stores and the source reads back are the synthetic rounds
/// the writer drew, plane for plane (the test selection excepted: the source draws its own, as a host would).
/// </summary>
public sealed class ArchivedBlockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("archived-block-").FullName;

    [Theory]
    [InlineData(200_000, 1 << 17)]  // chunks that end inside an archive batch of 2^16 rounds
    [InlineData(65_536 * 3, 1 << 16)]
    public void ReadBack_ChunkByChunk_GivesTheSyntheticRoundsThatWereWritten(int rounds, int chunk)
    {
        string alice = Path.Combine(_directory, "a.qka"), bob = Path.Combine(_directory, "b.qka");
        ArchivedBlockWriter.Write(alice, bob, rounds, seed: 5);

        // The writer drew from this source in batches of 2^16 rounds; drawing the same batches again gives the same rounds.
        var expected = new SyntheticRoundSource(DistillationBenchmarks.SyntheticVisibility, DistillationBenchmarks.SyntheticTestFraction, 5);
        var expectedBatch = new RoundPlaneBuffers(1 << 16);
        using var source = new ArchivedRoundSource(alice, bob, DistillationBenchmarks.SyntheticTestFraction, seed: 6);
        var buffers = new RoundPlaneBuffers(chunk);
        long tested = 0;
        int expectedOffset = 1 << 16; // rounds of expectedBatch already compared
        for (int done = 0; done < rounds; done += chunk)
        {
            int size = Math.Min(chunk, rounds - done);
            source.Fill(buffers, size);
            Assert.Equal(size, buffers.RoundCount);
            for (int i = 0; i < size; i++)
            {
                if (expectedOffset == expectedBatch.Capacity)
                {
                    expected.Fill(expectedBatch, Math.Min(expectedBatch.Capacity, rounds - done - i));
                    expectedOffset = 0;
                }

                Assert.True(Same(buffers, i, expectedBatch, expectedOffset), $"round {done + i} differs");
                expectedOffset++;
                tested += (long)(buffers.TestMask[i >> 6] >> (i & 63)) & 1;
            }

            if (size % 64 != 0)
                Assert.Equal(0UL, buffers.TestMask[size >> 6] >> (size & 63));
        }

        // The source's own test selection: binomial(rounds, 0.05) lies within 6 sigma of its mean (sigma ~ 100 here).
        double mean = rounds * DistillationBenchmarks.SyntheticTestFraction;
        double sigma = Math.Sqrt(mean * (1 - DistillationBenchmarks.SyntheticTestFraction));
        Assert.InRange(tested, mean - (6 * sigma), mean + (6 * sigma));
    }

    [Fact]
    public void Fill_PastTheEndOfTheArchives_SaysSo()
    {
        string alice = Path.Combine(_directory, "a.qka"), bob = Path.Combine(_directory, "b.qka");
        ArchivedBlockWriter.Write(alice, bob, 1000, seed: 5);
        using var source = new ArchivedRoundSource(alice, bob, 0.05, seed: 6);

        var ex = Assert.Throws<InvalidOperationException>(() => source.Fill(new RoundPlaneBuffers(4096), 4096));

        Assert.Contains("fewer rounds", ex.Message);
    }

    private static bool Same(RoundPlaneBuffers a, int i, RoundPlaneBuffers b, int j)
    {
        static int Bit(ulong[] plane, int k) => (int)(plane[k >> 6] >> (k & 63)) & 1;
        return Bit(a.AliceHigh, i) == Bit(b.AliceHigh, j) && Bit(a.AliceLow, i) == Bit(b.AliceLow, j) && Bit(a.Bob, i) == Bit(b.Bob, j)
            && Bit(a.OutcomeA, i) == Bit(b.OutcomeA, j) && Bit(a.OutcomeB, i) == Bit(b.OutcomeB, j);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
