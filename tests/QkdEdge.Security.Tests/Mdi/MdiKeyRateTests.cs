using QkdEdge.Security.Mdi;

namespace QkdEdge.Security.Tests.Mdi;

public class MdiKeyRateTests
{
    [Fact]
    public void Gains_WhenSheetFixedMuVector50Km_MatchesPrintedDigits()
    {
        var link = new MdiLink(50, 0.40, 1e-6);
        Printed.Significant(0.1264911, 7, link.ArmTransmittance);
        double e = link.ArmTransmittance;
        var g = MdiModel.Gains(e, e, 0.5, 0.5, 1e-6, 0.015);
        Printed.Significant(1.819363e-3, 7, g.GainZ);
        Printed.Significant(1.506235e-2, 7, g.ErrorZ);
        Printed.Significant(3.697291e-3, 7, g.GainX);
        Printed.Significant(2.536636e-1, 7, g.ErrorX);
        var (y11, e11) = MdiModel.SinglePhotonPair(e, e, 1e-6, 0.015);
        Printed.Significant(8.000442e-3, 7, y11);
        Printed.Significant(1.502776e-2, 7, e11);
        Printed.Significant(4.150743e-4, 7, MdiKeyRate.InfiniteDecoys(link, 0.5));
        var (yl, eu) = MdiKeyRate.DecoyBounds(link, 0.5, 0.01);
        Printed.Significant(7.909160e-3, 7, yl);
        Printed.Significant(2.033403e-2, 7, eu);
        Printed.Significant(3.852316e-4, 7, MdiKeyRate.VacuumPlusWeakDecoy(link, 0.5, 0.01));
    }

    [Fact]
    public void Gains_WhenSheetFixedMuVector100Km_MatchesPrintedDigits()
    {
        var link = new MdiLink(100, 0.40, 1e-6);
        double e = link.ArmTransmittance;
        var g = MdiModel.Gains(e, e, 0.5, 0.5, 1e-6, 0.015);
        Printed.Significant(1.941680e-4, 7, g.GainZ);
        Printed.Significant(1.519491e-2, 7, g.ErrorZ);
        Printed.Significant(3.902124e-4, 7, g.GainX);
        Printed.Significant(2.563341e-1, 7, g.ErrorX);
        Printed.Significant(3.970746e-5, 7, MdiKeyRate.InfiniteDecoys(link, 0.5));
        Printed.Significant(3.642741e-5, 7, MdiKeyRate.VacuumPlusWeakDecoy(link, 0.5, 0.01));
    }

    // Reference sheet 7.4 table (eta_d = 40 %, p_d = 1e-6).
    [Theory]
    [InlineData(0, 8.000e-2, 0.0150, 5.216e-3, 0.690, 4.904e-3)]
    [InlineData(50, 8.000e-3, 0.0150, 4.340e-4, 0.595, 3.971e-4)]
    [InlineData(100, 8.002e-4, 0.0151, 4.071e-5, 0.565, 3.690e-5)]
    [InlineData(150, 8.005e-5, 0.0153, 3.922e-6, 0.555, 3.541e-6)]
    [InlineData(200, 8.016e-6, 0.0160, 3.670e-7, 0.545, 3.298e-7)]
    [InlineData(250, 8.051e-7, 0.0180, 2.985e-8, 0.515, 2.644e-8)]
    [InlineData(300, 8.160e-8, 0.0245, 1.252e-9, 0.425, 1.015e-9)]
    public void Optimised_WhenSheetTable74Row_MatchesPrintedDigits(double km, double y11, double e11, double rate, double mu, double decoyRate)
    {
        var link = new MdiLink(km, 0.40, 1e-6);
        var (y, e) = MdiModel.SinglePhotonPair(link.ArmTransmittance, link.ArmTransmittance, 1e-6, 0.015);
        Printed.Significant(y11, 4, y);
        Printed.Equal(e11, 4, e);
        var (muBest, r) = MdiKeyRate.Optimised(link);
        Printed.Significant(rate, 4, r);
        Assert.Equal(mu, muBest, 9);
        Printed.Significant(decoyRate, 4, MdiKeyRate.Optimised(link, 0.01).Rate);
    }

    [Theory]
    [InlineData(0.40, 1e-6, 324, 321)]
    [InlineData(0.93, 1e-7, 460, 458)]
    public void Optimised_WhenSheetMaximumDistance_CrossesZeroThere(double eta, double pd, double infinite, double decoy)
    {
        Assert.True(MdiKeyRate.Optimised(new MdiLink(infinite - 1, eta, pd)).Rate > 0);
        Assert.True(MdiKeyRate.Optimised(new MdiLink(infinite + 1, eta, pd)).Rate <= 0);
        Assert.True(MdiKeyRate.Optimised(new MdiLink(decoy - 1, eta, pd), 0.01).Rate > 0);
        Assert.True(MdiKeyRate.Optimised(new MdiLink(decoy + 1, eta, pd), 0.01).Rate <= 0);
    }

    [Theory]
    [InlineData(0.93, 1e-7, 0, 3.820e-2)]
    [InlineData(0.93, 1e-7, 100, 2.298e-4)]
    [InlineData(0.93, 1e-7, 200, 2.166e-6)]
    [InlineData(0.93, 1e-7, 300, 2.082e-8)]
    [InlineData(0.145, 3e-6, 100, 4.935e-6)]
    [InlineData(0.145, 3e-6, 200, 2.150e-8)]
    public void Optimised_WhenSheetOtherDetectors_MatchesPrintedDigits(double eta, double pd, double km, double rate) =>
        Printed.Significant(rate, 4, MdiKeyRate.Optimised(new MdiLink(km, eta, pd)).Rate);

    [Fact]
    public void Gains_WhenNoDarkCountsNoMisalignmentSmallSignal_ApproachTheSheetSelfChecks()
    {
        const double eta = 1e-3, mu = 0.1;
        var g = MdiModel.Gains(eta, eta, mu, mu, 0, 0);
        Printed.Relative(eta * mu * eta * mu / 2, 1e-3, g.GainZ);
        Printed.Relative(eta * mu * eta * mu, 1e-3, g.GainX);
        Printed.Relative(0.25, 1e-3, g.ErrorX);
        var (y, e) = MdiModel.SinglePhotonPair(eta, eta, 0, 0);
        Assert.Equal(eta * eta / 2, y, 15);
        Assert.Equal(0, e, 12);
    }
}
