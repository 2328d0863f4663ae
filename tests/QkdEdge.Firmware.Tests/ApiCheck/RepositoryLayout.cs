namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>
/// Where the firmware sources, the nanoFramework app and the API lists are, found from the test's
/// output folder upwards, so the tests run on any clone. The API lists live outside the repository,
/// in the reference shelf checked out beside it (../shared/nanoframework-api).
/// </summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string FirmwareCore => Path.Combine(Root, "firmware", "QkdEdge.Firmware.Core");

    public static string WireProtocol => Path.Combine(Root, "shared", "QkdEdge.Wire");

    public static string Esp32App => Path.Combine(Root, "firmware", "QkdEdge.Firmware.Esp32");

    public static string Esp32Project => Path.Combine(Esp32App, "QkdEdge.Firmware.Esp32.nfproj");

    public static string BoardProfiles => Path.Combine(Root, "hardware", "boards");

    /// <summary>The stable nanoFramework API lists, beside the repository.</summary>
    public static string NanoFrameworkApiFolder =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "nanoframework-api"));

    /// <summary>Every C# file the board compiles: the firmware core and the wire protocol (bin/ and obj/ excluded).</summary>
    public static IReadOnlyList<string> FirmwareSourceFiles() =>
        SourcesUnder(FirmwareCore).Concat(SourcesUnder(WireProtocol)).ToList();

    public static IEnumerable<string> SourcesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(folder, path)))
            .Order(StringComparer.Ordinal);

    private static bool IsBuildOutput(string relativePath)
    {
        string first = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QkdEdge.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"No QkdEdge.sln above {AppContext.BaseDirectory}.");
    }
}
