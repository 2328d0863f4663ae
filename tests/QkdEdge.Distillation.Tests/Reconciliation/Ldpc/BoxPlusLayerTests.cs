using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QkdEdge.Distillation.Bits;
using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class BoxPlusLayerTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(BoxPlusTable.MaxScale)]
    public void BoxPlus_WhenComparedWithTheExactRule_IsWithinOneUnit(int scale)
    {
        // Fixed point: min(a, b) + table[a + b] - table[|a - b|], each table entry rounded (error < 1/2) and
        // arguments past the table treated as 0 (exact value < 1/2 there), so the error stays below one unit.
        var table = BoxPlusTable.Correction(scale);
        for (int a = 0; a <= 127; a++)
        {
            for (int b = 0; b <= 127; b++)
            {
                double x = a / (double)scale;
                double y = b / (double)scale;
                // 2 atanh(tanh(x/2) tanh(y/2)) = ln((1 + e^(x+y)) / (e^x + e^y)), evaluated without forming
                // tanh products that round to 1 in double precision for large x and y.
                double exact = scale * (x + y + Math.Log(1 + Math.Exp(-(x + y))) - Math.Max(x, y) - Math.Log(1 + Math.Exp(-Math.Abs(x - y))));
                if (a > 0 && b > 0 && a + b < 20)
                {
                    Assert.Equal(scale * 2 * Math.Atanh(Math.Tanh(x / 2) * Math.Tanh(y / 2)), exact, 9);
                }

                Assert.InRange(BoxPlusLayer.BoxPlus(a, b, table) - exact, -1.0, 1.0);
            }
        }
    }

    [Fact]
    public void Correction_PastTheTable_RoundsToZeroForEveryAllowedScale()
    {
        // The kernels clamp arguments to the last entry (one 16-byte shuffle per lookup), which is exact only if
        // the rounded term is 0 there and beyond for every scale the options accept.
        for (int scale = 1; scale <= BoxPlusTable.MaxScale; scale++)
        {
            var table = BoxPlusTable.Correction(scale);
            Assert.Equal(BoxPlusTable.Entries, table.Length);
            Assert.Equal(0, table[^1]);
            for (int x = BoxPlusTable.Entries; x <= 254; x++)
            {
                Assert.Equal(0, Math.Round(scale * Math.Log(1 + Math.Exp(-(double)x / scale)), MidpointRounding.AwayFromZero));
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => BoxPlusTable.Correction(BoxPlusTable.MaxScale + 1));
        Assert.NotEqual(0, Math.Round((BoxPlusTable.MaxScale + 1) * Math.Log(1 + Math.Exp(-(BoxPlusTable.Entries - 1.0) / (BoxPlusTable.MaxScale + 1))), MidpointRounding.AwayFromZero));
    }

    // The vector kernels update two interleaved vectors at a time, so z must hold an even number of them: 128 is one
    // pair for AVX-512 (64 lanes) and two for AVX2; 192 is three pairs for AVX2, and AVX-512 skips it (the decoder
    // gives such circulants to AVX2).
    [Theory]
    [InlineData(2, 128)]
    [InlineData(7, 128)]
    [InlineData(30, 128)]
    [InlineData(7, 192)]
    public unsafe void Vector_WhenAvx2Avx512AndScalarKernelsUpdateTheSameLayer_AgreeExactly(int degree, int z)
    {
        if (!Avx2.IsSupported)
        {
            return;
        }

        // Columns as the decoder lays them out: two copies of z bytes with 64 bytes of padding on each side, into
        // which the vector kernels' mirrored stores may spill.
        const int pad = 64;
        int stride = 2 * z + 2 * pad;
        var rng = new Xoshiro256StarStar((ulong)degree);
        var columns = Enumerable.Range(0, degree).ToArray();
        var shifts = columns.Select(_ => rng.NextInt(z)).ToArray();
        var offsets = columns.Select((c, k) => c * stride + shifts[k]).ToArray();
        var posterior = new sbyte[degree * stride];
        var messages = new sbyte[degree * z];
        var signs = new sbyte[z];
        for (int c = 0; c < degree; c++)
        {
            for (int j = 0; j < z; j++)
            {
                // Some values at the rails, to exercise saturation.
                sbyte v = rng.NextInt(8) == 0 ? (rng.NextInt(2) == 0 ? sbyte.MinValue : sbyte.MaxValue) : (sbyte)(rng.NextInt(121) - 60);
                posterior[pad + c * stride + j] = posterior[pad + c * stride + z + j] = v;
            }
        }

        for (int i = 0; i < messages.Length; i++)
        {
            messages[i] = (sbyte)(rng.NextInt(81) - 40);
        }

        for (int i = 0; i < z; i++)
        {
            signs[i] = rng.NextInt(2) == 0 ? (sbyte)0 : sbyte.MinValue;
        }

        var table = BoxPlusTable.Correction(3);
        var runs = new List<(sbyte[] Posterior, sbyte[] Messages, int Unsatisfied)>();
        foreach (int kernel in new[] { 0, 1, 2 })
        {
            if (kernel == 2 && (!Avx512BW.IsSupported || z % 128 != 0))
            {
                continue;
            }

            var p = (sbyte[])posterior.Clone();
            var m = (sbyte[])messages.Clone();
            var scratch1 = new sbyte[degree * 128];
            var scratch2 = new sbyte[degree * 128];
            int unsatisfied;
            fixed (sbyte* buffer = p, pm = m, ps = signs, s1 = scratch1, s2 = scratch2)
            fixed (int* po = offsets, pshifts = shifts)
            {
                sbyte* pp = buffer + pad;
                if (kernel == 0)
                {
                    unsatisfied = BoxPlusLayer.Scalar(pp, pm, ps, s1, s2, z, stride, columns, shifts, degree, table);
                }
                else if (kernel == 1)
                {
                    unsatisfied = BoxPlusLayer.Vector<Avx2Lanes, Vector256<sbyte>>(pp, pm, ps, s1, s2, z, po, pshifts, degree, Avx2Lanes.Table(table));
                }
                else
                {
                    unsatisfied = BoxPlusLayer.Vector<Avx512Lanes, Vector512<sbyte>>(pp, pm, ps, s1, s2, z, po, pshifts, degree, Avx512Lanes.Table(table));
                }
            }

            // Every kernel must leave both copies of each column equal: the decoder reads later layers' windows
            // from either copy without a copy-back pass.
            var logical = new sbyte[degree * z];
            for (int c = 0; c < degree; c++)
            {
                for (int j = 0; j < z; j++)
                {
                    Assert.Equal(p[pad + c * stride + j], p[pad + c * stride + z + j]);
                    logical[c * z + j] = p[pad + c * stride + j];
                }
            }

            runs.Add((logical, m, unsatisfied));
        }

        Assert.True(runs.Count >= 2);
        Assert.NotEqual(messages, runs[0].Messages);
        foreach (var run in runs.Skip(1))
        {
            Assert.Equal(runs[0].Messages, run.Messages);
            Assert.Equal(runs[0].Posterior, run.Posterior);
            Assert.Equal(runs[0].Unsatisfied, run.Unsatisfied);
        }
    }

    [Fact]
    public unsafe void Vector_WhenTheCirculantHoldsAnOddNumberOfVectors_Throws()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }

        var buffer = new sbyte[1024];
        var edges = new int[2];
        var table = Avx2Lanes.Table(BoxPlusTable.Correction(3));
        var error = Assert.Throws<ArgumentException>(() =>
        {
            fixed (sbyte* p = buffer)
            fixed (int* e = edges)
            {
                BoxPlusLayer.Vector<Avx2Lanes, Vector256<sbyte>>(p, p, p, p, p, 96, e, e, 2, table);
            }
        });
        Assert.Equal("z", error.ParamName);
    }
}
