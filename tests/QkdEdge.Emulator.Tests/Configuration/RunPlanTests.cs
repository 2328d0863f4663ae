using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Timing;

namespace QkdEdge.Emulator.Tests.Configuration;

public sealed class RunPlanTests
{
    [Fact]
    public void Create_WhenDefaults_ResolvesThemFromTheProfileAndOptics()
    {
        var plan = RunPlan.Create(new EmulatorConfiguration());
        var profile = plan.Board.Profile;

        Assert.Equal(profile.MinRoundPeriodTicks, plan.PulsePeriodTicks);
        Assert.Equal(profile.MaxBatchSize, plan.BatchSize);
        Assert.Equal(profile.MaxGateWidthTicks, plan.GateWidthTicks);
        // Vazirani-Vidick: Alice has the two test settings and the key setting, Bob two.
        Assert.Equal([3, 2], plan.OpticsAlphabets);
        Assert.Equal("alice", plan.Configuration.BoardName(0));
        Assert.Equal((ushort)2, plan.Configuration.StationId(1));
    }

    [Fact]
    public void Create_WhenSeveralFieldsAreWrong_ListsEveryOne()
    {
        var configuration = new EmulatorConfiguration
        {
            Boards =
            [
                new BoardOptions { Name = "twin", Timing = new StationTimingOptions { MissedTriggerProbability = 1 } },
                new BoardOptions { Name = "twin", AlphabetSize = 3 },
            ],
            Source = new SourceOptions { PulsePeriodTicks = 10 },
            Autostart = new AutostartOptions { BatchSize = 1000 },
        };

        var error = Assert.Throws<ConfigurationException>(() => RunPlan.Create(configuration));
        Assert.Contains("boards[1].name", error.Message);
        Assert.Contains("boards[0].timing.missedTriggerProbability", error.Message);
        Assert.Contains("boards[1].alphabetSize", error.Message);
        Assert.Contains("source.pulsePeriodTicks", error.Message);
        Assert.Contains("autostart.batchSize", error.Message);
    }

    [Fact]
    public void Create_WhenOpticsStationsDifferFromBoards_Throws()
    {
        var configuration = new EmulatorConfiguration { Boards = [new BoardOptions()], Optics = new OpticsOptions() };
        var error = Assert.Throws<ConfigurationException>(() => RunPlan.Create(configuration));
        Assert.Contains("optics.stations", error.Message);
    }

    [Fact]
    public void Create_WhenOpticsHasMoreSettingsThanTheBoardCanExpress_Throws()
    {
        // Chained Bell with 5 bases: the reference board's setting lines express at most 4.
        var configuration = new EmulatorConfiguration { Optics = OpticsPresets.ChainedBell(5) };
        var error = Assert.Throws<ConfigurationException>(() => RunPlan.Create(configuration));
        Assert.Contains("at most 4", error.Message);
    }
}
