using CsCheck;
using QkdEdge.Alignment;

namespace QkdEdge.Host.Tests.Alignment;

public sealed class SelectionTests
{
    // Values from a small range, so that arrays hold many equal values (tags and steps repeat), and from a wide one.
    private static readonly Gen<double[]> Arrays = Gen.OneOf(
        Gen.Int[-5, 5].Select(v => (double)v).Array[1, 300],
        Gen.Double[-1e12, 1e12].Array[1, 300]);

    [Fact]
    public void Select_OnRandomArrays_ReturnsTheValueASortPutsAtK()
    {
        Property.Check(Arrays.SelectMany(a => Gen.Int[0, a.Length - 1].Select(k => (a, k))), 2000, seed: 71, input =>
        {
            var (values, k) = input;
            var sorted = (double[])values.Clone();
            Array.Sort(sorted);
            Assert.Equal(sorted[k], Selection.Select((double[])values.Clone(), k));
        });
    }

    [Fact]
    public void Median_OnRandomArrays_EqualsTheSortedMedian()
    {
        Property.Check(Arrays, 2000, seed: 72, values =>
        {
            var sorted = (double[])values.Clone();
            Array.Sort(sorted);
            int mid = sorted.Length / 2;
            double expected = sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
            Assert.Equal(expected, Selection.Median((double[])values.Clone()));
        });
    }

    [Fact]
    public void Select_OnOrganPipeAndSawtoothArrays_ReturnsTheSortedValue()
    {
        // Classic bad cases for median-of-three pivots, large enough to run out of the partition budget and
        // finish with the sort: the answer must still be exact.
        const int n = 100_001;
        var organ = Enumerable.Range(0, n).Select(i => (double)Math.Min(i, n - i)).ToArray();
        var saw = Enumerable.Range(0, n).Select(i => (double)(i % 1000)).ToArray();
        foreach (var values in new[] { organ, saw })
        {
            var sorted = (double[])values.Clone();
            Array.Sort(sorted);
            foreach (int k in new[] { 0, n / 3, n / 2, n - 1 })
                Assert.Equal(sorted[k], Selection.Select((double[])values.Clone(), k));
        }
    }

    [Fact]
    public void Median_OfNothing_IsNaN()
    {
        Assert.True(double.IsNaN(Selection.Median([])));
    }
}
