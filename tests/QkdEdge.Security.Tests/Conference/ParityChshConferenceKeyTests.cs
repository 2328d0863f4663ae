using QkdEdge.Security.Conference;

namespace QkdEdge.Security.Tests.Conference;

public class ParityChshConferenceKeyTests
{
    // Reference sheet Table 6.1.
    [Theory]
    [InlineData(0.01, 3, 2.758281, 0.00995, 0.750222, 0.777502, 0.388751)]
    [InlineData(0.01, 4, 2.744559, 0.00995, 0.724547, 0.777502, 0.259167)]
    [InlineData(0.01, 5, 2.730974, 0.00995, 0.700216, 0.777502, 0.194375)]
    [InlineData(0.02, 3, 2.689257, 0.01980, 0.570961, 0.615322, 0.307661)]
    [InlineData(0.02, 4, 2.662636, 0.01980, 0.529995, 0.615322, 0.205107)]
    [InlineData(0.03, 3, 2.621348, 0.02955, 0.418630, 0.476133, 0.238067)]
    [InlineData(0.03, 5, 2.545067, 0.02955, 0.318575, 0.476133, 0.119033)]
    public void LocalDepolarisation_WhenSheetTable61_MatchesPrintedDigits(double p, int parties, double beta, double q, double rate, double pair, double perParty)
    {
        var (b, e) = ParityChshConferenceKey.LocalDepolarisation(p, parties);
        Printed.Equal(beta, 6, b);
        Printed.Equal(q, 5, e);
        Printed.Equal(rate, 6, ParityChshConferenceKey.Raw(b, e));
        Printed.Equal(pair, 6, ParityChshConferenceKey.PairwiseRatePerLink(p));
        Printed.Equal(perParty, 6, ParityChshConferenceKey.PairwiseRatePerLink(p) / (parties - 1));
    }

    [Theory]
    [InlineData(1.0, 1.000000)]
    [InlineData(0.98, 0.776598)]
    [InlineData(0.95, 0.539062)]
    [InlineData(0.90, 0.224950)]
    public void GlobalWhiteNoise_WhenSheetVector_MatchesPrintedDigits(double v, double rate)
    {
        var (b, q) = ParityChshConferenceKey.GlobalWhiteNoise(v);
        Printed.Equal(rate, 6, ParityChshConferenceKey.Raw(b, q));
    }

    [Theory]
    [InlineData(2, 1.0, 1.0, 1.414214)]
    [InlineData(3, 1.0, 1.414214, 2.0)]
    [InlineData(4, 1.0, 2.0, 2.828427)]
    [InlineData(5, 1.0, 2.828427, 4.0)]
    public void Mabk_WhenSheetTable_MatchesPrintedDigits(int n, double local, double gme, double quantum)
    {
        Assert.Equal(local, Mabk.LocalBound(n));
        Printed.Equal(gme, 6, Mabk.GenuineEntanglementThreshold(n));
        Printed.Equal(quantum, 6, Mabk.QuantumMaximum(n));
    }
}
