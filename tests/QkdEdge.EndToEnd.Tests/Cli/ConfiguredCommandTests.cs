using System.CommandLine;
using QkdEdge.Cli;

namespace QkdEdge.EndToEnd.Tests.Cli;

/// <summary>The demo and the station set up their layered settings in one place: the same options, order and rules.</summary>
public sealed class ConfiguredCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("configured-command-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("demo")]
    [InlineData("station")]
    public async Task Invoke_WhenTheConfigFileIsMissing_RefusesItBeforeAnythingElse(string command)
    {
        string missing = Path.Combine(_folder, "missing.json");

        var (code, output, error) = await RunAsync(command, "--config", missing);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"qkdedge: --config '{missing}': no such file.", error.Trim());
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("demo", "--keys", "--no-delivery")]
    [InlineData("station", "--role", "--metrics-port")]
    public async Task Help_ListsConfigThenTheSettingsThenJsonAndPlain(string command, string firstSetting, string lastBeforeJson)
    {
        var (code, output, _) = await RunAsync(command, "--help");

        Assert.Equal(0, code);
        string options = output[output.IndexOf("Options:", StringComparison.Ordinal)..]; // the description's example names flags too
        int[] order = [.. new[] { "--config", firstSetting, lastBeforeJson, "--json", "--plain" }.Select(o => options.IndexOf(o + " ", StringComparison.Ordinal))];
        Assert.All(order, i => Assert.True(i >= 0, options));
        Assert.Equal(order.Order(), order);
    }

    [Theory]
    [InlineData("demo", """{ "demo": { "keys": "zero" } }""", "--keys", "-1", "demo:keys = -1 is out of range", "demo:keys = 'zero' is not a whole number")]
    [InlineData("station", """{ "role": "bob", "peer": { "host": "a", "port": 70001 } }""", "--peer-port", "70003", "peer:port = 70003", "peer:port = 70001")]
    public async Task Invoke_WhenTheFileAndAFlagSetOneKey_TheFlagWins(string command, string json, string flag, string value, string flagWins, string fileAlone)
    {
        string config = Path.Combine(_folder, command + ".json");
        await File.WriteAllTextAsync(config, json);

        var (_, _, withFlag) = await RunAsync(command, "--config", config, flag, value);
        var (_, _, fileOnly) = await RunAsync(command, "--config", config);

        Assert.Contains(flagWins, withFlag);
        Assert.DoesNotContain(fileAlone, withFlag);
        Assert.Contains(fileAlone, fileOnly);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await RootCommandFactory.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
