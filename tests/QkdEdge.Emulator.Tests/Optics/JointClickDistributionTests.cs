using QkdEdge.Emulator.Optics;

namespace QkdEdge.Emulator.Tests.Optics;

public sealed class JointClickDistributionTests
{
    private static readonly OpticsOptions NoisyLink = new()
    {
        Visibility = 0.93,
        StationOptics =
        [
            new StationOpticsOptions { Detector0Efficiency = 0.8, Detector1Efficiency = 0.7, Detector0DarkCountProbability = 0.01, Detector1DarkCountProbability = 0.03, FibreLengthKm = 3 },
            new StationOpticsOptions { Detector0Efficiency = 0.9, Detector1Efficiency = 0.95, Detector1DarkCountProbability = 0.02 },
        ],
    };

    [Fact]
    public void Table_WhenNoisyLossyLink_EverySettingPairSumsToOne()
    {
        var distribution = SourceDetectorModel.Create(NoisyLink, 1).Distribution;

        for (int tuple = 0; tuple < distribution.SettingTuples; tuple++)
        {
            double sum = 0;
            for (int pattern = 0; pattern < distribution.PatternsPerTuple; pattern++)
                sum += distribution.Table[tuple * distribution.PatternsPerTuple + pattern];
            Assert.Equal(1.0, sum, 1e-12);
        }
    }

    [Fact]
    public void Probability_WhenOtherStationChangesSetting_OwnMarginalIsUnchanged()
    {
        // No signalling: a station's click statistics cannot depend on the far station's setting.
        var distribution = SourceDetectorModel.Create(NoisyLink, 1).Distribution;

        for (int x = 0; x < 3; x++)
            for (int pattern = 0; pattern < 4; pattern++)
                Assert.Equal(AliceMarginal(distribution, x, 0, pattern), AliceMarginal(distribution, x, 1, pattern), 1e-12);
        for (int y = 0; y < 2; y++)
            for (int pattern = 0; pattern < 4; pattern++)
                for (int x = 1; x < 3; x++)
                    Assert.Equal(BobMarginal(distribution, 0, y, pattern), BobMarginal(distribution, x, y, pattern), 1e-12);
    }

    [Fact]
    public void Probability_WhenNoPhotonCanArrive_OnlyDarkCountsRemain()
    {
        // Zero efficiency: each detector clicks only by its dark count, independently of the state.
        var options = new OpticsOptions
        {
            StationOptics =
            [
                new StationOpticsOptions { Detector0Efficiency = 0, Detector1Efficiency = 0, Detector0DarkCountProbability = 0.1, Detector1DarkCountProbability = 0.3 },
                new StationOpticsOptions { Detector0Efficiency = 0, Detector1Efficiency = 0 },
            ],
        };
        var distribution = SourceDetectorModel.Create(options, 1).Distribution;

        double[] alice = [0.9 * 0.7, 0.1 * 0.7, 0.9 * 0.3, 0.1 * 0.3];
        for (int pattern = 0; pattern < 4; pattern++)
            Assert.Equal(alice[pattern], distribution.Probability([1, 0], pattern | (ClickPatterns.None << 2)), 1e-12);
    }

    [Fact]
    public void Probability_WhenThreeStationGhzWithImperfectDetectors_MatchesBruteForceSum()
    {
        // All stations measure Z on v GHZ + (1 - v) I/8: P(ports o) = v [o all equal]/2 + (1 - v)/8.
        // Each station's pattern then follows its own detectors given its port; summing the product over
        // all port vectors by brute force must reproduce the model's axis-by-axis evaluation.
        const double v = 0.8;
        double[][] detector = [[0.9, 0.6, 0.01, 0.05], [0.7, 0.95, 0.1, 0.0], [0.5, 0.5, 0.2, 0.3]]; // eta0, eta1, dark0, dark1
        var stations = detector.Select(d => new StationOpticsOptions
        {
            Detector0Efficiency = d[0], Detector1Efficiency = d[1], Detector0DarkCountProbability = d[2], Detector1DarkCountProbability = d[3],
        }).ToArray();
        var options = new OpticsOptions { State = "ghz", Stations = 3, Visibility = v, StationOptics = stations };
        var distribution = SourceDetectorModel.Create(options, 1).Distribution;
        byte[] allZ = [0, 2, 0];

        for (int patterns = 0; patterns < 64; patterns++)
        {
            double expected = 0;
            for (int ports = 0; ports < 8; ports++)
            {
                double p = v * (ports is 0 or 7 ? 0.5 : 0) + (1 - v) / 8;
                for (int s = 0; s < 3; s++)
                    p *= PatternGivenPort(detector[s], (ports >> s) & 1, (patterns >> (2 * s)) & 3);
                expected += p;
            }
            Assert.Equal(expected, distribution.Probability(allZ, patterns), 1e-12);
        }
    }

    private static double PatternGivenPort(double[] d, int port, int pattern)
    {
        double click0 = port == 0 ? 1 - (1 - d[0]) * (1 - d[2]) : d[2];
        double click1 = port == 1 ? 1 - (1 - d[1]) * (1 - d[3]) : d[3];
        double p0 = (pattern & 1) != 0 ? click0 : 1 - click0;
        double p1 = (pattern & 2) != 0 ? click1 : 1 - click1;
        return p0 * p1;
    }

    private static double AliceMarginal(JointClickDistribution distribution, int x, int y, int pattern)
    {
        double sum = 0;
        for (int bob = 0; bob < 4; bob++)
            sum += distribution.Probability([(byte)x, (byte)y], pattern | (bob << 2));
        return sum;
    }

    private static double BobMarginal(JointClickDistribution distribution, int x, int y, int pattern)
    {
        double sum = 0;
        for (int alice = 0; alice < 4; alice++)
            sum += distribution.Probability([(byte)x, (byte)y], alice | (pattern << 2));
        return sum;
    }
}
