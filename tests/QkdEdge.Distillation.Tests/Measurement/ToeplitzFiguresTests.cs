using QkdEdge.Distillation.Measurement;

namespace QkdEdge.Distillation.Tests.Measurement;

public sealed class ToeplitzFiguresTests
{
    [Fact]
    public void ExtrapolatedSchoolbookSeconds_WhenBothSizesDouble_ScalesByFour()
    {
        // The schoolbook product costs one word product per word of input and of seed: n (n + l) with l = n / 2.
        var figures = new ToeplitzFigures(
            InputBits: 2048, OutputBits: 1024, Fast: new Timing(0.5, 0.5), FastFirstRun: new Timing(0.6, 0.6),
            CompareInputBits: 1024, CompareFast: new Timing(0.01, 0.01), CompareSchoolbook: new Timing(3, 3), FastMatchesSchoolbook: true);

        Assert.Equal(12.0, figures.ExtrapolatedSchoolbookSeconds, 12);
        Assert.Equal(24.0, figures.ExtrapolatedSpeedup, 12);
    }
}
