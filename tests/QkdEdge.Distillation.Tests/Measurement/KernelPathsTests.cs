using System.Runtime.Intrinsics.X86;
using QkdEdge.Distillation.Measurement;
using QkdEdge.Distillation.Reconciliation.Ldpc;
using QkdEdge.Distillation.Sifting;

namespace QkdEdge.Distillation.Tests.Measurement;

/// <summary>
/// The instruction sets a benchmark report names must be the ones the kernels take: the decoder's rule (512-bit
/// vectors only for box-plus layers whose circulants hold an even number of them) and the fallbacks.
/// </summary>
public sealed class KernelPathsTests
{
    private static readonly MinSumOptions BoxPlus = new() { CheckNode = CheckNodeRule.BoxPlus };

    [Fact]
    public void Decoder_WithoutVectors_IsScalar()
    {
        Assert.Equal("scalar", LayeredMinSumDecoder.VectorPathFor(BoxPlus with { UseVectors = false }, 1024));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(192)]
    public void Decoder_CirculantsOfAnOddNumberOf512BitVectors_TakeAvx2(int liftingSize)
    {
        Assert.Equal(Avx2.IsSupported ? "AVX2" : "scalar", LayeredMinSumDecoder.VectorPathFor(BoxPlus, liftingSize));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public void Decoder_BoxPlusOnEvenMultiplesOf128_TakesAvx512WherePresent(int liftingSize)
    {
        string expected = !Avx2.IsSupported ? "scalar" : Avx512BW.IsSupported ? "AVX-512BW" : "AVX2";
        Assert.Equal(expected, LayeredMinSumDecoder.VectorPathFor(BoxPlus, liftingSize));
    }

    [Fact]
    public void Decoder_MinSum_NeverTakesAvx512()
    {
        Assert.NotEqual("AVX-512BW", LayeredMinSumDecoder.VectorPathFor(new MinSumOptions { CheckNode = CheckNodeRule.NormalisedMinSum }, 1024));
    }

    [Fact]
    public void Decoder_InstanceReportsTheSameAsItsOptions()
    {
        var family = StandardLdpcCodes.CreateFamily(64);
        var decoder = new LayeredMinSumDecoder(family.Code(0), family.DecoderOptions[0]);
        Assert.Equal(LayeredMinSumDecoder.VectorPathFor(family.DecoderOptions[0], 64), decoder.VectorPath);
    }

    [Fact]
    public void Sifter_ScalarKernel_NamesNoVectors()
    {
        Assert.Equal("scalar + software PEXT", Sifter.VectorPath(SiftKernel.Scalar));
    }

    [Fact]
    public void Sifter_Auto_NamesAvx2WherePresent()
    {
        Assert.StartsWith(Avx2.IsSupported ? "AVX2" : "scalar", Sifter.VectorPath(SiftKernel.Auto), StringComparison.Ordinal);
        Assert.EndsWith(Bmi2.X64.IsSupported ? "BMI2 PEXT" : "software PEXT", Sifter.VectorPath(SiftKernel.Auto), StringComparison.Ordinal);
    }

    [Fact]
    public void OnThisMachine_NamesOnePathForAFamilyOfOneLiftingSize()
    {
        var paths = KernelPaths.OnThisMachine(StandardLdpcCodes.Family);
        Assert.DoesNotContain("/", paths.LdpcDecoder, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessorCount, paths.ProcessorCount);
    }
}
