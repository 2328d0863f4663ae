using QkdEdge.Cli;

namespace QkdEdge.Station.Tests.Cli;

public sealed class StationCommandTests
{
    [Fact]
    public async Task Invoke_WhenRequiredValuesAreMissing_ListsEveryOneAndExitsWithBadInput()
    {
        var (code, _, error) = await DemoCommandTests.RunAsync("station", "--role", "alice");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("dataDirectory is required", error);
        Assert.Contains("board:port is required", error);
        Assert.Contains("protocol:expectedChsh is required", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Invoke_WhenFileEnvironmentAndFlagSetAValue_TheFlagWinsThenTheEnvironment()
    {
        using var directory = new Support.TempDirectory();
        string config = directory.File("station.json");
        // Out-of-range ports, so the station refuses to start and its message shows which layer's value won.
        await File.WriteAllTextAsync(config, """{ "role": "bob", "peer": { "port": 70001, "host": "alice.lab" }, "board": { "baud": 1 } }""");
        Environment.SetEnvironmentVariable("QKDEDGE_BOARD__BAUD", "2");
        try
        {
            var (_, _, flagWins) = await DemoCommandTests.RunAsync("station", "--config", config, "--peer-port", "70003");
            var (_, _, environmentWins) = await DemoCommandTests.RunAsync("station", "--config", config);

            Assert.Contains("peer:port = 70003", flagWins);
            Assert.Contains("board:baud = 2 is out of range", flagWins);
            Assert.Contains("peer:port = 70001", environmentWins);
            Assert.DoesNotContain("board:baud = 1 ", environmentWins);
        }
        finally
        {
            Environment.SetEnvironmentVariable("QKDEDGE_BOARD__BAUD", null);
        }
    }

    [Fact]
    public async Task Invoke_WhenConfigFileIsNotJson_SaysSoWithoutAStackTrace()
    {
        using var directory = new Support.TempDirectory();
        string config = directory.File("broken.json");
        await File.WriteAllTextAsync(config, "{ role: ");

        var (code, _, error) = await DemoCommandTests.RunAsync("station", "--config", config);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("broken.json", error);
        Assert.Contains("not valid JSON", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Help_ShowsWhatItDoesAndAnExample()
    {
        var (code, output, _) = await DemoCommandTests.RunAsync("station", "--help");

        Assert.Equal(0, code);
        Assert.Contains("Run one station", output);
        Assert.Contains("Example: qkdedge station", output);
        Assert.Contains("QKDEDGE_", output, StringComparison.Ordinal);
    }
}
