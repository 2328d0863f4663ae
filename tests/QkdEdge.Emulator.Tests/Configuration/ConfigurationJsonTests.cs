using QkdEdge.Emulator.Configuration;
using QkdEdge.Emulator.Optics;
using QkdEdge.Emulator.Timing;

namespace QkdEdge.Emulator.Tests.Configuration;

public sealed class ConfigurationJsonTests
{
    [Fact]
    public void Write_WhenParsedBack_GivesTheSameConfiguration()
    {
        var configuration = new EmulatorConfiguration
        {
            Seed = 99,
            Boards =
            [
                new BoardOptions { Name = "left", StationId = 7, Timing = new StationTimingOptions { ClockDriftPpm = 12.5, MissedTriggerProbability = 1e-3 } },
                new BoardOptions { Name = "right", AlphabetSize = 2 },
            ],
            Optics = new OpticsOptions { Visibility = 0.93, StationOptics = [new StationOpticsOptions { Detector0Efficiency = 0.8 }, null] },
            Source = new SourceOptions { PulsePeriodTicks = 250, StartWhen = SourceStart.AnyBoardRunning },
            Autostart = new AutostartOptions { Enabled = true, BatchSize = 60 },
        };

        string json = ConfigurationJson.Write(configuration);
        var parsed = ConfigurationJson.Parse(json);

        Assert.Equal(json, ConfigurationJson.Write(parsed));
        Assert.Equal(99UL, parsed.Seed);
        Assert.Equal(12.5, parsed.Boards[0].Timing.ClockDriftPpm);
        Assert.Equal(SourceStart.AnyBoardRunning, parsed.Source.StartWhen);
        Assert.Contains("\"any-board-running\"", json);
    }

    [Fact]
    public void Parse_WhenFieldMisspelt_FailsWithItsPath()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Parse("""{"optics":{"visibilty":0.9}}""", "link.json"));
        Assert.Contains("link.json", error.Message);
        Assert.Contains("visibilty", error.Message);
    }

    [Fact]
    public void Parse_WhenTimingSetsTheBoardsTickRate_Fails()
    {
        // The tick rate is the board profile's; a file cannot override it.
        var error = Assert.Throws<ConfigurationException>(() =>
            ConfigurationJson.Parse("""{"boards":[{"timing":{"tickFrequencyHz":80000000}},{}]}"""));
        Assert.Contains("tickFrequencyHz", error.Message);
    }
}
