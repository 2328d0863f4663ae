namespace QkdEdge.Distillation.Reconciliation.Ldpc;

/// <summary>
/// The shipped code family: eight quasi-cyclic mother codes of 65,536 bits (256 base columns, circulants of 256),
/// from 24 to 118 base rows (design rates 0.91 to 0.54), which with shortening and padding cover error rates from
/// below 1 % to above 8 %. Each has the degree-2 staircase plus information columns of degree 3 and a heavier
/// degree (12, or 6 and 18 for the lowest rates). The profiles and the decoder's normalisation were picked by
/// simulating the decoder on candidate profiles (the error rate at which half the frames decode), not by an
/// asymptotic optimisation; <see cref="LdpcCodeProfile.TypicalEfficiency"/> is where about half the frames decode
/// inside the rate-adaptive exchange (padding included), measured with the exchange itself and the box-plus
/// decoder every code uses (the normalisation applies only if a caller switches a code back to min-sum).
/// <see cref="CreateFamily"/> builds the same profiles at another circulant size (tests use 64: frames of 16,384).
/// </summary>
public static class StandardLdpcCodes
{
    /// <summary>Seed of every construction and layout: changing it changes the codes.</summary>
    public const ulong Seed = 0x51D3_C0DE_2025_0001;

    private static readonly Lazy<LdpcCodeFamily> Default = new(() => CreateFamily(256));

    /// <summary>The family with frames of 65,536 bits.</summary>
    public static LdpcCodeFamily Family => Default.Value;

    /// <summary>The same profiles lifted with circulant size <paramref name="liftingSize"/> (a multiple of 64).</summary>
    public static LdpcCodeFamily CreateFamily(int liftingSize)
    {
        var profiles = new List<LdpcCodeProfile>();
        foreach (var (rows, degrees, normalisation, typical) in Table)
        {
            var columnDegrees = new List<int>();
            foreach (var (degree, count) in degrees)
            {
                columnDegrees.AddRange(Enumerable.Repeat(degree, count));
            }

            var spec = new QcCodeSpec(rows, BaseColumns, liftingSize, columnDegrees, Seed ^ (ulong)rows);
            var decoder = new MinSumOptions { CheckNode = CheckNodeRule.BoxPlus, NormalizationNumerator = normalisation, Offset = 1, MaxIterations = 60, StallLimit = 6 };
            profiles.Add(new LdpcCodeProfile(spec, decoder, typical));
        }

        return new LdpcCodeFamily(profiles, Seed);
    }

    private const int BaseColumns = 256;

    // Base rows, information-column degrees (degree: columns; the staircase adds BaseRows - 1 columns of degree 2),
    // normalisation numerator (alpha = n/32), typical efficiency.
    private static readonly (int Rows, (int Degree, int Count)[] Degrees, int Normalisation, double Typical)[] Table =
    [
        (24, [(3, 170), (12, 63)], 28, 1.23),
        (32, [(3, 165), (12, 60)], 26, 1.21),
        (42, [(3, 160), (12, 55)], 26, 1.18),
        (56, [(3, 145), (12, 56)], 26, 1.14),
        (70, [(3, 130), (12, 57)], 26, 1.13),
        (84, [(3, 120), (12, 53)], 26, 1.11),
        (100, [(3, 100), (6, 30), (18, 27)], 26, 1.09),
        (118, [(3, 90), (6, 30), (18, 19)], 28, 1.10),
    ];
}
