using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// The LDPC codes the engine reconciles with: the distillation library's standard family
/// (<see cref="StandardLdpcCodes.Family"/>, design rates 0.91 down to 0.54, for Q from about 0.7 % to above 8 %)
/// plus high-rate codes for the error rates honest DI-QKD links show, Q = 0.3 % to 1 %, where the standard family
/// has no code: its highest rate would leave much of every frame shortened, or not fit at all.
/// The high-rate codes use the library's construction (<see cref="QcLdpcConstruction"/>) at the same frame length
/// (256 base columns, circulants of 256), so all codes form one family and the planner picks among them.
/// </summary>
/// <remarks>
/// How the high-rate profiles were chosen. At first every information column had degree 3 or 12 (12 meets every
/// base row of the 12-row code). Density evolution of belief propagation on the binary symmetric channel, run when these codes
/// used min-sum, showed that degree-3 columns alone fail at these rates (12 rows, all 245 of degree 3: threshold
/// f = 1.75) and that a share of degree-12 columns carries them (extra degree-2 columns and a mix of degrees 6 and
/// 12 did worse). With box-plus, mixes with columns of degree 6, 8 or 10, or a few of degree 4, decoded 0.01 to 0.09
/// worse than the plain 3-and-12 profile. The share was chosen by simulation with the box-plus decoder every code now uses:
/// keys of 2^20 bits, three seeds, ten attempts 0.04 apart (from 1.10 or 1.15), the efficiency at which half the frames decode.
/// With box-plus, more heavy columns pay than with min-sum: at 12 rows 60 / 75 / 90 / 95 / 100 / 105 / 120 / 135
/// columns of degree 12 gave 1.45 / 1.35 / 1.27 / 1.26 / 1.23 / 1.27 / 1.30 / 1.39 (the old 75 was the min-sum
/// optimum); at 16 rows 73 / 90 / 100 / 110 gave 1.26 / 1.22 / 1.24 / 1.28 (degree 16 instead: 1.25 to 1.26); at
/// 20 rows 71 / 85 / 95 / 105 gave 1.25 / 1.20 / 1.21 / 1.25. Between 90 and 100 the differences are within the
/// spread of a three-seed measurement; six other seeds put 95 and 100 at 1.24 and 1.25 at 12 rows.
/// The typical efficiencies below were then measured on fresh keys (six seeds of 2^20 bits, about 105 frames per
/// code, attempts 0.02 apart) at Q = 0.4 %, 0.6 % and 0.75 % for 12, 16 and 20 rows: 1.235, 1.200 and 1.176.
/// Measured the same way (three seeds) the earlier min-sum codes decoded at 1.39, 1.30 and 1.30: the engine's frames at
/// Q = 0.3 % to 1 % now disclose about 0.1 to 0.15 of h(Q) less per key bit.
/// The 12- and 16-row profiles were then moved by hill-climbs on the engine's own exchange (this schedule, the code
/// alone in a family, 2^19-bit keys, f with every disclosure charged and a lost frame counted as a failure) at
/// Q = 0.35 % and 0.5 %, as the standard family's codes were climbed at their error rates: a few columns moved from
/// degree 12 and 3 to degrees 6 to 15. On eight keys the climbs never saw: 12 rows f 1.301 -> 1.281 at 0.35 %
/// (seeds 102 to 802, two sets of four: 1.290 -> 1.277 and 1.312 -> 1.284); 16 rows 1.249 -> 1.228 on three keys
/// at 0.5 %, and on four more the earlier profile lost a frame (dropped from the key) where the climbed one decoded
/// every frame at 1.255. On twelve further keys (seeds 900 to 2000): 12 rows 1.282 -> 1.274, 16 rows 1.250 -> 1.236;
/// with about nine frames per key a single key's f moves by several hundredths either way. The same climb on the 20-row code at 0.75 % found 1.216 -> 1.210, which did not hold on
/// fresh keys (1.209 -> 1.220), so that code keeps its profile.
/// A code of 8 rows (rate 0.97, check degree about 140) was tried for Q = 0.25 % with min-sum and left out: it
/// decoded only at f = 1.6, and up to a third of its frames not at all; below about 0.27 % the 12-row code
/// carries frames as long as they can be (<see cref="RateAdaptiveLdpcReconciliation.LowestErrorRate"/>).
/// </remarks>
public static class DiQkdLdpcCodes
{
    private const int BaseColumns = 256;

    private static readonly Lazy<LdpcCodeFamily> Default = new(() =>
        new LdpcCodeFamily([.. StandardLdpcCodes.Family.Profiles, .. HighRateProfiles(256)], StandardLdpcCodes.Seed));

    private static readonly Lazy<LdpcCodeFamily> Long = new(() =>
        new LdpcCodeFamily([.. StandardLdpcCodes.LongFrameFamily.Profiles, .. HighRateProfiles(1024)], StandardLdpcCodes.Seed));

    /// <summary>The standard codes and the high-rate codes: frames of 65,536 bits.</summary>
    public static LdpcCodeFamily Family => Default.Value;

    /// <summary>
    /// The same codes with circulants of 1,024: frames of 262,144 bits, for raw keys of at least
    /// <see cref="StandardLdpcCodes.LongFrameMinimumKeyBits"/> (blocks of about 2.6 * 10^7 rounds and more). With
    /// this schedule on 2^22-bit keys (two seeds per point) they disclosed less and needed fewer round trips than
    /// 65,536-bit frames at the same CPU time: f 1.276 -> 1.237 at Q = 0.4 %, 1.241 -> 1.214 at 0.6 %, 1.212 -> 1.191
    /// at 0.8 %, round trips 8 to 10 -> 5 or 6. The typical efficiencies are the ones measured at 65,536 bits (the standard codes' as
    /// <see cref="StandardLdpcCodes.LongFrameFamily"/> gives them: the 42-row code starts at 1.10 there).
    /// </summary>
    public static LdpcCodeFamily LongFrameFamily => Long.Value;

    /// <summary>
    /// The attempt schedule (efficiency after each attempt as a multiple of a code's typical efficiency). A frame's
    /// own error count spreads its decoding point by a few per cent around the typical efficiency, so steps of 2 to
    /// 3 % near it disclose little more than the frame needs; the first steps lie below it because half the frames
    /// decode there, and the last two catch the stragglers. Ten attempts are ten round trips, cheap between two
    /// stations next to a few seconds of block processing.
    /// </summary>
    public static ReconciliationOptions Schedule { get; } = new()
    {
        AttemptScales = [0.94, 0.97, 1.00, 1.02, 1.04, 1.06, 1.09, 1.12, 1.17, 1.25],
    };

    // The channel value one unit (a third of a nat) below the error rate's own ratio: with this schedule on 2^20-bit
    // keys (four seeds per point) f fell from 1.272 to 1.263 at Q = 0.4 %, 1.248 to 1.238 at 0.5 %, 1.234 to 1.226 at
    // 0.75 % and rose by 0.001 at 0.6 %; on four fresh seeds it fell by 0.002 to 0.016 from 0.45 to 0.75 %, and on
    // 2^19-bit keys (six seeds) by 0.0045 to 0.009 at 0.4, 0.5 and 0.75 % (0.6 %: 0.0001). One unit more cost 0.007 to
    // 0.015, two units less gained no more. The standard codes' own values are tuned in StandardLdpcCodes.
    private const double ChannelLlrOffset = -1.0 / 3;

    // Base rows, information-column degrees (degree: columns; the staircase adds BaseRows - 1 columns of degree 2),
    // typical efficiency measured inside the exchange (see the remarks).
    private static readonly (int Rows, (int Degree, int Count)[] Degrees, double Typical)[] HighRate =
    [
        (12, [(3, 145), (6, 3), (10, 5), (12, 92)], 1.24),
        (16, [(3, 142), (7, 5), (8, 3), (12, 80), (13, 3), (14, 1), (15, 7)], 1.20),
        (20, [(3, 152), (12, 85)], 1.18),
    ];

    private static IEnumerable<LdpcCodeProfile> HighRateProfiles(int liftingSize)
    {
        foreach (var (rows, degrees, typical) in HighRate)
        {
            var columnDegrees = degrees.SelectMany(d => Enumerable.Repeat(d.Degree, d.Count)).ToArray();
            // The library's seeding rule (its seed xor the base rows): these are exactly the codes that were measured.
            var spec = new QcCodeSpec(rows, BaseColumns, liftingSize, columnDegrees, StandardLdpcCodes.Seed ^ (ulong)rows);
            var decoder = new MinSumOptions { CheckNode = CheckNodeRule.BoxPlus, MaxIterations = 60, StallLimit = 6, ChannelLlrOffset = ChannelLlrOffset };
            yield return new LdpcCodeProfile(spec, decoder, typical);
        }
    }
}
