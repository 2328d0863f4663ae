namespace QkdEdge.Ingest.Tests.Support;

/// <summary>The rounds a scripted board sent, by round index (index 0 = round <see cref="FirstRound"/>).</summary>
public sealed class SentRounds(long firstRound, byte[] settings, byte[] clicks, long[] timeTags)
{
    public long FirstRound { get; } = firstRound;
    public byte[] Settings { get; } = settings;
    public byte[] Clicks { get; } = clicks;
    public long[] TimeTags { get; } = timeTags;
    public int Count => Settings.Length;

    /// <summary>
    /// Realistic rounds: uniform settings, a click mix like a high-efficiency DI link (about 30%
    /// no-click, 33% each single click, 4% double click), time tags one period apart with rare
    /// exceptions (a missed trigger or a one-tick jitter, 1 in 1000 each).
    /// </summary>
    public static SentRounds Realistic(int seed, long firstRound, int count, int alphabetSize, uint period, long firstTag = 1_000_000)
    {
        var random = new Random(seed);
        var settings = new byte[count];
        var clicks = new byte[count];
        var tags = new long[count];
        long tag = firstTag;
        for (int i = 0; i < count; i++)
        {
            settings[i] = (byte)random.Next(alphabetSize);
            double u = random.NextDouble();
            clicks[i] = u < 0.30 ? (byte)0 : u < 0.63 ? (byte)1 : u < 0.96 ? (byte)2 : (byte)3;
            if (i > 0)
            {
                double e = random.NextDouble();
                tag += period + (e < 0.001 ? period : e < 0.002 ? (random.Next(2) == 0 ? 1 : -1) : 0);
            }

            tags[i] = tag;
        }

        return new SentRounds(firstRound, settings, clicks, tags);
    }
}
