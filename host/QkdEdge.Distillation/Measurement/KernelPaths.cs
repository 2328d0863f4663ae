using QkdEdge.Distillation.Amplification;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Distillation.Measurement;

/// <summary>
/// The instruction sets the measured kernels take on this machine. Figures from machines with and without AVX-512
/// differ by up to a factor of two for the same code, so every benchmark report names the paths it measured.
/// </summary>
public sealed record KernelPaths(string Sifting, string LdpcDecoder, string Toeplitz, int ProcessorCount)
{
    /// <summary>The paths the benchmarks take here, the decoder's for the codes of <paramref name="family"/>.</summary>
    public static KernelPaths OnThisMachine(LdpcCodeFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var decoderPaths = Enumerable.Range(0, family.Count)
            .Select(i => LayeredMinSumDecoder.VectorPathFor(family.DecoderOptions[i], family.Specs[i].LiftingSize))
            .Distinct();
        return new KernelPaths(Sifter.VectorPath(SiftKernel.Auto), string.Join(" / ", decoderPaths), Gf64.ProductPath, Environment.ProcessorCount);
    }
}
