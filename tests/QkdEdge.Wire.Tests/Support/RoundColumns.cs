using CsCheck;

namespace QkdEdge.Wire.Tests.Support;

/// <summary>Per-round columns as the board holds them, and a generator of plausible and awkward ones.</summary>
public sealed record RoundColumns(long FirstRound, int AlphabetSize, uint Period, byte[] Settings, byte[] Clicks, long[] TimeTags)
{
    public int Count => Settings.Length;

    public static Gen<int> Alphabet { get; } = CsCheck.Gen.OneOf(CsCheck.Gen.Const(2), CsCheck.Gen.Const(3), CsCheck.Gen.Int[2, 255]);

    /// <summary>
    /// Columns of 1..<paramref name="maxRounds"/> rounds: settings below k, any click pattern, time
    /// tags one period apart except for a random share of deviations (missed triggers, jitter,
    /// and occasionally huge or negative jumps to reach long varints and wrap-around).
    /// </summary>
    public static Gen<RoundColumns> Generator(int maxRounds) =>
        from k in Alphabet
        from n in CsCheck.Gen.Int[1, maxRounds]
        from first in CsCheck.Gen.Long[0, long.MaxValue - 70_000]
        from period in CsCheck.Gen.OneOf(CsCheck.Gen.UInt[1, 10_000], CsCheck.Gen.UInt)
        from firstTag in CsCheck.Gen.Long
        from exceptionRate in CsCheck.Gen.OneOf(CsCheck.Gen.Const(0.0), CsCheck.Gen.Double[0, 0.05], CsCheck.Gen.Double[0, 1])
        from seed in CsCheck.Gen.ULong
        select Build(first, k, period, n, firstTag, exceptionRate, seed);

    private static RoundColumns Build(long first, int k, uint period, int n, long firstTag, double exceptionRate, ulong seed)
    {
        var random = new Random((int)(seed ^ (seed >> 32)));
        var settings = new byte[n];
        var clicks = new byte[n];
        var tags = new long[n];
        tags[0] = firstTag;
        for (int i = 0; i < n; i++)
        {
            settings[i] = (byte)random.Next(k);
            clicks[i] = (byte)random.Next(4);
            if (i == 0)
                continue;
            long deviation = 0;
            if (random.NextDouble() < exceptionRate)
            {
                deviation = random.Next(6) switch
                {
                    0 => period,                              // missed trigger
                    1 => 1,                                   // late by a tick
                    2 => -1,                                  // early by a tick
                    3 => random.NextInt64(-1_000_000, 1_000_000),
                    4 => random.NextInt64(),                  // long varint, wrap-around
                    _ => -random.NextInt64(),
                };
            }

            tags[i] = unchecked(tags[i - 1] + period + deviation);
        }

        return new RoundColumns(first, k, period, settings, clicks, tags);
    }
}
