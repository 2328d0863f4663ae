using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Randomness;

namespace QkdEdge.Emulator.Tests.Optics.Statistics;

/// <summary>
/// N-station counts of joint click patterns per setting tuple, for GHZ tests. Each station draws its
/// setting uniformly from its own list of allowed settings.
/// </summary>
internal sealed class TupleCounts
{
    private const int Batch = 8192;
    private readonly Dictionary<int, long[]> _counts = new(); // key: settings in base 16, station 0 lowest
    private readonly int _stations;

    private TupleCounts(int stations) => _stations = stations;

    public static TupleCounts Collect(IOpticsModel model, byte[][] allowedSettings, long rounds, ulong settingsSeed)
    {
        int stations = model.Stations;
        var counts = new TupleCounts(stations);
        var random = new Xoshiro256StarStar(settingsSeed);
        var settings = new byte[stations][];
        var clicks = new byte[stations][];
        for (int s = 0; s < stations; s++)
        {
            settings[s] = new byte[Batch];
            clicks[s] = new byte[Batch];
        }
        for (long first = 0; first < rounds; first += Batch)
        {
            int count = (int)Math.Min(Batch, rounds - first);
            for (int i = 0; i < count; i++)
                for (int s = 0; s < stations; s++)
                    settings[s][i] = allowedSettings[s][random.NextInt(allowedSettings[s].Length)];
            model.Measure(first, settings, clicks, count);
            for (int i = 0; i < count; i++)
            {
                int pattern = 0, key = 0;
                for (int s = 0; s < stations; s++)
                {
                    key |= settings[s][i] << (4 * s);
                    pattern |= clicks[s][i] << (2 * s);
                }
                if (!counts._counts.TryGetValue(key, out var row))
                    counts._counts[key] = row = new long[1 << (2 * stations)];
                row[pattern]++;
            }
        }
        return counts;
    }

    /// <summary>
    /// The correlator of the product of the binned +-1 outcomes of <paramref name="parties"/> for the
    /// setting tuple <paramref name="settings"/>; SE = sqrt((1 - E^2) / n).
    /// </summary>
    public Estimate ProductCorrelator(byte[] settings, IReadOnlyList<int> parties, ClickBinning binning)
    {
        int key = 0;
        for (int s = 0; s < settings.Length; s++)
            key |= settings[s] << (4 * s);
        var row = _counts[key];
        long even = 0, total = 0;
        for (int pattern = 0; pattern < row.Length; pattern++)
        {
            int parity = 0;
            foreach (int party in parties)
                parity ^= binning.Outcome((byte)((pattern >> (2 * party)) & 3));
            total += row[pattern];
            if (parity == 0)
                even += row[pattern];
        }
        double e = (2.0 * even - total) / total;
        return new Estimate(e, Math.Sqrt((1 - e * e) / total));
    }

    public int Stations => _stations;
}
