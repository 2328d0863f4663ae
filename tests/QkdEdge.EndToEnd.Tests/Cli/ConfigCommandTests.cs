using QkdEdge.Emulator.Configuration;

namespace QkdEdge.EndToEnd.Tests.Cli;

/// <summary><c>qkdedge-emulator config</c> and the help of every command.</summary>
public sealed class ConfigCommandTests
{
    [Fact]
    public async Task Config_WhenOptionsGiven_PrintsAConfigurationThatReadsBackTheSame()
    {
        var (code, json, _) = await EmulatorCli.Run("config", "--seed", "9", "--visibility", "0.95", "--missed-trigger", "0.01", "--efficiency", "0.8");
        Assert.Equal(0, code);
        var configuration = ConfigurationJson.Parse(json);
        Assert.Equal(9UL, configuration.Seed);
        Assert.Equal(0.95, configuration.Optics.Visibility);
        Assert.All(configuration.Boards, b => Assert.Equal(0.01, b.Timing.MissedTriggerProbability));
        Assert.All(configuration.Optics.StationOptics!, s => Assert.Equal(0.8, s!.Detector1Efficiency));

        string file = Path.Combine(Path.GetTempPath(), $"qkdedge-config-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, json);
            var (again, reread, _) = await EmulatorCli.Run("config", "--config", file);
            Assert.Equal(0, again);
            Assert.Equal(json, reread);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("run")]
    [InlineData("bench")]
    [InlineData("config")]
    public async Task Help_WhenAsked_ShowsExamples(params string[] command)
    {
        var (code, output, _) = await EmulatorCli.Run([.. command, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Examples:", output);
        Assert.Contains($"qkdedge-emulator {(command.Length == 0 ? "" : command[0] + " ")}", output);
    }
}
