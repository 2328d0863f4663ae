using QkdEdge.Emulator.Adversaries;
using QkdEdge.Emulator.Optics;

namespace QkdEdge.Emulator.Tests.Optics;

public sealed class OpticsModelFactoryTests
{
    [Theory]
    [InlineData(OpticsModelNames.Honest, typeof(SourceDetectorModel))]
    [InlineData(OpticsModelNames.LocalChshOptimal, typeof(LocalBoxesModel))]
    [InlineData(OpticsModelNames.LocalKeyAiming, typeof(LocalBoxesModel))]
    [InlineData(OpticsModelNames.MemorySynchronized, typeof(LocalBoxesModel))]
    [InlineData(OpticsModelNames.MemoryOutputFeedback, typeof(LocalBoxesModel))]
    [InlineData(OpticsModelNames.DetectorBlinding, typeof(LocalBoxesModel))]
    [InlineData(OpticsModelNames.PredictableSettings, typeof(PredictableSettingsModel))]
    [InlineData(OpticsModelNames.Mixture, typeof(MixtureModel))]
    public void Create_WhenNameKnown_BuildsThatModel(string name, Type expected)
    {
        var model = OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: name), 1);

        Assert.IsType(expected, model);
        Assert.Equal(2, model.Stations);
    }

    [Fact]
    public void All_WhenListed_CoversEveryFactoryName()
    {
        foreach (var name in OpticsModelNames.All)
            Assert.NotNull(OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: name), 1));
    }

    [Fact]
    public void Create_WhenNameUnknown_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => OpticsModelFactory.Create(OpticsPresets.VaziraniVidick(model: "eve"), 1));
        Assert.Contains(OpticsModelNames.DetectorBlinding, exception.Message);
    }

    [Fact]
    public void Create_WhenChshAttackOnGhzLink_Throws()
    {
        var ghz = new OpticsOptions { Model = OpticsModelNames.LocalKeyAiming, State = "ghz", Stations = 3 };

        Assert.Throws<ArgumentException>(() => OpticsModelFactory.Create(ghz, 1));
    }

    [Fact]
    public void Create_WhenMixtureOfMixtures_Throws()
    {
        var options = new OpticsOptions { Model = OpticsModelNames.Mixture, MixtureAttack = OpticsModelNames.Mixture };

        Assert.Throws<ArgumentException>(() => OpticsModelFactory.Create(options, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7)]
    public void Create_WhenStationCountUnsupported_Throws(int stations)
    {
        var options = new OpticsOptions { State = "ghz", Stations = stations };

        Assert.Throws<ArgumentException>(() => OpticsModelFactory.Create(options, 1));
    }
}
