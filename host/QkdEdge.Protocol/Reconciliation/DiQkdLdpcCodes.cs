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
/// How the high-rate profiles were chosen. Density evolution of belief propagation on the binary symmetric channel
/// (population dynamics, concentrated check degrees) showed that the degree-3 columns that carry the standard codes
/// fail at these rates: with 12 base rows, all 245 information columns of degree 3 give a threshold of f = 1.75,
/// while 75 to 100 columns of degree 12 (meeting every row) among degree-3 ones give f = 1.12; 60 or 125 such
/// columns gave 1.25, extra degree-2 columns 1.19 to 1.22, a mix of degrees 6 and 12 1.19. The 16- and 20-row
/// codes keep the same share (about 30 %) of degree-12 columns. Simulated without shortening or padding, the
/// 12-row code decodes half its frames at about f = 1.25 to 1.3 with the sum-product reference (circulants of 64)
/// and the library's fixed-point decoders (circulants of 256 and 1,024) alike, so the gap to the ensemble's
/// threshold belongs to the small base graph, not to the decoder or the frame length.
/// Inside the exchange (frames shortened and padded by the planner, min-sum, the schedule of
/// <see cref="Schedule"/>) half the frames decode at the typical efficiencies below, measured over 30 frames per
/// code and three trial values at an error rate in the code's range: 12 rows at Q = 0.4 %, 16 at 0.55 %, 20 at
/// 0.75 %. A code of 8 rows (rate 0.97, check degree about 140) was tried for Q = 0.25 % and left out: min-sum
/// decoded it only at f = 1.6, and up to a third of its frames not at all; below about 0.27 % the 12-row code
/// carries frames as long as they can be (<see cref="RateAdaptiveLdpcReconciliation.LowestErrorRate"/>).
/// The decoder is the library's normalised min-sum with the normalisation of its highest-rate code (28/32), which
/// beat 24/32 on every code. The box-plus rule decoded the 12-row code about 4 % lower but these codes do not use
/// it yet: when they were measured, box-plus lost frames even after every padding bit was revealed (a dropped frame
/// costs the engine its whole length). The library has since fixed that (messages capped at 10 nat) and made
/// box-plus the default of its standard codes, which this family also holds; moving the high-rate codes to it
/// needs their typical efficiencies measured again.
/// </remarks>
public static class DiQkdLdpcCodes
{
    private const int BaseColumns = 256;
    private const int LiftingSize = 256;

    private static readonly Lazy<LdpcCodeFamily> Default = new(() =>
        new LdpcCodeFamily([.. StandardLdpcCodes.Family.Profiles, .. HighRateProfiles()], StandardLdpcCodes.Seed));

    /// <summary>The standard codes and the high-rate codes: frames of 65,536 bits.</summary>
    public static LdpcCodeFamily Family => Default.Value;

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

    // Base rows, information-column degrees (degree: columns; the staircase adds BaseRows - 1 columns of degree 2),
    // typical efficiency measured inside the exchange (see the remarks).
    private static readonly (int Rows, (int Degree, int Count)[] Degrees, double Typical)[] HighRate =
    [
        (12, [(3, 170), (12, 75)], 1.39),
        (16, [(3, 168), (12, 73)], 1.34),
        (20, [(3, 166), (12, 71)], 1.31),
    ];

    private static IEnumerable<LdpcCodeProfile> HighRateProfiles()
    {
        foreach (var (rows, degrees, typical) in HighRate)
        {
            var columnDegrees = degrees.SelectMany(d => Enumerable.Repeat(d.Degree, d.Count)).ToArray();
            // The library's seeding rule (its seed xor the base rows): these are exactly the codes that were measured.
            var spec = new QcCodeSpec(rows, BaseColumns, LiftingSize, columnDegrees, StandardLdpcCodes.Seed ^ (ulong)rows);
            var decoder = new MinSumOptions { NormalizationNumerator = 28, Offset = 1, MaxIterations = 60, StallLimit = 6 };
            yield return new LdpcCodeProfile(spec, decoder, typical);
        }
    }
}
