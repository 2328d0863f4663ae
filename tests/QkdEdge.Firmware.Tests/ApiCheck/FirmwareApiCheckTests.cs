using Xunit.Abstractions;

namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>
/// The firmware core and the board-side wire protocol must build for stable .NET nanoFramework: every
/// API they use must be in ../shared/nanoframework-api, and they may use no language feature the
/// stable toolchain lacks.
/// </summary>
public sealed class FirmwareApiCheckTests(ITestOutputHelper output)
{
    [Fact]
    public void FirmwareSources_WhenCheckedAgainstStableNanoFrameworkApi_UseNothingOutsideIt()
    {
        var api = NanoFrameworkApiList.Load(RepositoryLayout.NanoFrameworkApiFolder);
        var files = RepositoryLayout.FirmwareSourceFiles();
        Assert.Contains(files, f => f.StartsWith(RepositoryLayout.FirmwareCore, StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith(RepositoryLayout.WireProtocol, StringComparison.Ordinal));

        var result = new FirmwareApiChecker(api).CheckFiles(files);

        output.WriteLine($"{files.Count} source files, {result.CheckedIds.Count} distinct external API IDs checked against {api.Allowed.Count} listed IDs:");
        foreach (string id in result.CheckedIds)
            output.WriteLine("  " + id);
        Assert.True(result.CompilationErrors.Count == 0,
            "The firmware sources do not compile as C# 7.3:\n" + string.Join("\n", result.CompilationErrors));
        Assert.True(result.Violations.Count == 0,
            $"{result.Violations.Count} uses of API or language features stable nanoFramework lacks:\n" + string.Join("\n", result.Violations));
    }

    [Fact]
    public void Load_WhenApiFolderIsMissing_FailsNamingTheExpectedPlace()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<DirectoryNotFoundException>(() => NanoFrameworkApiList.Load(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("nanoframework-api", error.Message, StringComparison.Ordinal);
    }
}
