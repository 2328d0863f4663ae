using QkdEdge.Archive;
using QkdEdge.Rounds;

namespace QkdEdge.Host.Tests.Archive;

/// <summary>
/// A seeded station whose every round is a pure function of (epoch, round index): setting, click pattern and a
/// tag on a periodic grid with uniform jitter of +-4 ticks. Reading an archive back can then be checked round by
/// round without keeping ten million rounds in memory. The schedule (batch sizes, gaps, resets, alarms) is drawn
/// from the same seed and recorded, so the test knows exactly which rounds and events were written.
/// </summary>
public sealed class SyntheticRounds
{
    public const ushort StationId = 7;
    public const long PeriodTicks = 800;

    private readonly ulong _seed;
    private readonly int _alphabet;

    public SyntheticRounds(ulong seed, int alphabet)
    {
        _seed = seed;
        _alphabet = alphabet;
    }

    /// <summary>Runs of written rounds: (epoch, first round, count), merged when contiguous.</summary>
    public List<(long Epoch, long First, long Count)> WrittenRuns { get; } = [];

    public List<ArchiveEvent> WrittenEvents { get; } = [];

    public long RoundsWritten { get; private set; }

    public byte Setting(long epoch, long round) => (byte)(Mix(epoch, round, 1) % (ulong)_alphabet);

    public static byte ClicksOf(ulong mix) => (byte)(mix & 3);

    public byte Clicks(long epoch, long round) => ClicksOf(Mix(epoch, round, 2));

    public long Tag(long epoch, long round) => 1_000_000_007L * (epoch + 1) + round * PeriodTicks + (long)(Mix(epoch, round, 3) % 9) - 4;

    /// <summary>Writes <paramref name="totalRounds"/> rounds with gaps, resets, alarms and metadata into the writer.</summary>
    public void WriteTo(ArchiveWriter writer, long totalRounds, int maxBatch, double gapChance, double resetChance)
    {
        var random = new Random((int)(_seed % int.MaxValue));
        var batch = new RoundBatch(maxBatch) { StationId = StationId };
        long epoch = 0;
        long round = 0;
        Record(writer, ArchiveEvent.StationMetadata(0, "firmware", "1.4.2"), epoch);
        while (RoundsWritten < totalRounds)
        {
            double roll = random.NextDouble();
            if (roll < resetChance)
            {
                epoch++;
                round = random.Next(0, 3);
                Record(writer, ArchiveEvent.BoardReset(round, random.Next(1, 5)), epoch);
                Record(writer, ArchiveEvent.StationMetadata(round, "firmware", "1.4.2"), epoch);
                continue;
            }
            if (roll < resetChance + gapChance)
            {
                long lost = random.Next(1, 5000);
                round += lost;
                Record(writer, ArchiveEvent.RoundGap(round, lost), epoch);
                continue;
            }
            if (roll < resetChance + gapChance + 0.001)
                Record(writer, ArchiveEvent.RngAlarm(round, random.Next(1, 3), "adaptive proportion test"), epoch);

            int count = (int)Math.Min(random.Next(maxBatch / 4, maxBatch + 1), totalRounds - RoundsWritten);
            batch.FirstRound = round;
            batch.Count = count;
            for (int i = 0; i < count; i++)
            {
                batch.Settings[i] = Setting(epoch, round + i);
                batch.Clicks[i] = Clicks(epoch, round + i);
                batch.TimeTags[i] = Tag(epoch, round + i);
            }
            writer.Append(batch);
            AddRun(epoch, round, count);
            round += count;
            RoundsWritten += count;
        }
    }

    public void AddRun(long epoch, long first, long count)
    {
        if (WrittenRuns.Count > 0 && WrittenRuns[^1] is var last && last.Epoch == epoch && last.First + last.Count == first)
            WrittenRuns[^1] = (epoch, last.First, last.Count + count);
        else
            WrittenRuns.Add((epoch, first, count));
    }

    private void Record(ArchiveWriter writer, ArchiveEvent e, long epoch)
    {
        writer.Record(e);
        WrittenEvents.Add(e with { Epoch = epoch });
    }

    private ulong Mix(long epoch, long round, ulong stream)
    {
        // SplitMix64 finaliser over the inputs: cheap, well mixed, deterministic.
        ulong z = _seed ^ (ulong)epoch * 0x9E3779B97F4A7C15UL ^ (ulong)round * 0xBF58476D1CE4E5B9UL ^ stream * 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
