using System.Xml.Linq;

namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>
/// The nanoFramework app compiles the core and wire sources through Compile Include links, since a
/// .nfproj cannot reference an SDK-style project. A source file added to either without a link in
/// the .nfproj would build on desktop and be missing on the board; these tests catch that.
/// </summary>
public sealed class Esp32ProjectCompletenessTests
{
    [Fact]
    public void Esp32Project_WhenComparedWithFirmwareSources_LinksEveryOne()
    {
        var linked = LinkedFiles();

        var missing = RepositoryLayout.FirmwareSourceFiles().Where(f => !linked.Contains(f)).ToList();

        Assert.True(missing.Count == 0,
            "Firmware sources missing from QkdEdge.Firmware.Esp32.nfproj; add these lines to it:\n"
            + string.Join("\n", missing.Select(CompileItem)));
    }

    /// <summary>The .nfproj line that links <paramref name="path"/> (core files under Core\, wire files under Wire\).</summary>
    private static string CompileItem(string path)
    {
        bool core = path.StartsWith(RepositoryLayout.FirmwareCore, StringComparison.Ordinal);
        string root = core ? RepositoryLayout.FirmwareCore : RepositoryLayout.WireProtocol;
        string include = Path.GetRelativePath(RepositoryLayout.Esp32App, path).Replace('/', '\\');
        string link = (core ? "Core\\" : "Wire\\") + Path.GetRelativePath(root, path).Replace('/', '\\');
        return $"    <Compile Include=\"{include}\" Link=\"{link}\" />";
    }

    [Fact]
    public void Esp32Project_WhenItsCompileItemsAreResolved_PointsOnlyAtExistingFiles()
    {
        var stale = LinkedFiles().Where(f => !File.Exists(f)).ToList();

        Assert.True(stale.Count == 0, "Compile items of the .nfproj that point at no file:\n" + string.Join("\n", stale));
    }

    private static HashSet<string> LinkedFiles()
    {
        var project = XDocument.Load(RepositoryLayout.Esp32Project);
        XNamespace ns = project.Root!.Name.Namespace;
        return project.Descendants(ns + "Compile")
            .Select(c => (string?)c.Attribute("Include"))
            .Where(include => include != null)
            .Select(include => Path.GetFullPath(Path.Combine(RepositoryLayout.Esp32App, include!.Replace('\\', Path.DirectorySeparatorChar))))
            .ToHashSet(StringComparer.Ordinal);
    }
}
