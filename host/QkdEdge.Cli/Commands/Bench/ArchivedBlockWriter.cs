using System.Diagnostics;
using QkdEdge.Archive;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Rounds;

namespace QkdEdge.Cli.Commands.Bench;

/// <summary>
/// Writes the archives two stations would hold for one block of the benchmark's synthetic rounds: Alice's settings
/// (x in 0..2) and Bob's (y in 0..1), each station's output as a click on detector 0 or 1, and time tags of a
/// 100-tick period with up to two ticks of jitter either way (what the archive's tag code is sized for). Both
/// archives share round indices, so the block pairs round for round. This is the benchmark's setup, not measured.
/// </summary>
public static class ArchivedBlockWriter
{
    public const long PeriodTicks = 100;

    /// <summary>Writes <paramref name="rounds"/> rounds as block 0 of two new archives; returns the seconds it took.</summary>
    public static double Write(string alicePath, string bobPath, long rounds, ulong seed)
    {
        var watch = Stopwatch.StartNew();
        var source = new SyntheticRoundSource(DistillationBenchmarks.SyntheticVisibility, DistillationBenchmarks.SyntheticTestFraction, seed);
        var jitter = new Xoshiro256StarStar(seed ^ 0x5EED);
        const int Batch = 1 << 16;
        var planes = new RoundPlaneBuffers(Batch);
        var alice = new RoundBatch(Batch) { StationId = 1 };
        var bob = new RoundBatch(Batch) { StationId = 2 };
        using var aliceArchive = ArchiveWriter.Create(alicePath, new ArchiveOptions { StationId = 1, SettingAlphabet = 3, BlockRounds = rounds });
        using var bobArchive = ArchiveWriter.Create(bobPath, new ArchiveOptions { StationId = 2, SettingAlphabet = 2, BlockRounds = rounds });
        for (long first = 0; first < rounds; first += Batch)
        {
            int count = (int)Math.Min(Batch, rounds - first);
            source.Fill(planes, count);
            alice.FirstRound = bob.FirstRound = first;
            alice.Count = bob.Count = count;
            for (int i = 0; i < count; i++)
            {
                int w = i >> 6;
                ulong bit = 1UL << (i & 63);
                alice.Settings[i] = (byte)((((planes.AliceHigh[w] & bit) != 0) ? 2 : 0) + (((planes.AliceLow[w] & bit) != 0) ? 1 : 0));
                bob.Settings[i] = (byte)((planes.Bob[w] & bit) != 0 ? 1 : 0);
                alice.Clicks[i] = (byte)((planes.OutcomeA[w] & bit) != 0 ? ClickPattern.Detector1 : ClickPattern.Detector0);
                bob.Clicks[i] = (byte)((planes.OutcomeB[w] & bit) != 0 ? ClickPattern.Detector1 : ClickPattern.Detector0);
                long nominal = (first + i) * PeriodTicks;
                alice.TimeTags[i] = nominal + (long)(jitter.NextUInt64() % 5) - 2;
                bob.TimeTags[i] = nominal + (long)(jitter.NextUInt64() % 5) - 2;
            }

            aliceArchive.Append(alice);
            bobArchive.Append(bob);
        }

        aliceArchive.CutOpenBlock();
        bobArchive.CutOpenBlock();
        return watch.Elapsed.TotalSeconds;
    }
}
