using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>
/// The app must build against the package versions whose API the check uses: the versions of
/// ../shared/nanoframework-api/index.tsv, raised where another listed package's nuspec depends on a
/// newer patch (Hardware.Esp32 needs Runtime.Events 1.11.39 while the list holds 1.11.37 sources).
/// </summary>
public sealed partial class Esp32PackageVersionTests
{
    [Fact]
    public void PackagesConfig_WhenComparedWithTheApiLists_PinsTheCheckedVersions()
    {
        var expected = ExpectedVersions();
        var pinned = PinnedPackages();

        foreach (string id in new[] { "nanoFramework.CoreLibrary", "nanoFramework.System.Device.Gpio",
                     "nanoFramework.Hardware.Esp32", "nanoFramework.System.IO.Ports" })
            Assert.True(pinned.ContainsKey(id), $"packages.config lacks {id}");
        foreach (var (id, version) in pinned)
        {
            Assert.True(expected.ContainsKey(id), $"{id} is not in the API lists, so the API check cannot vouch for it");
            Assert.Equal(expected[id], version);
        }
    }

    [Fact]
    public void Esp32Project_WhenItsReferencesAreResolved_UsesThePinnedPackageFolders()
    {
        var pinned = PinnedPackages();
        var project = XDocument.Load(RepositoryLayout.Esp32Project);
        XNamespace ns = project.Root!.Name.Namespace;
        var hintPaths = project.Descendants(ns + "HintPath").Select(h => h.Value).ToList();

        Assert.Equal(pinned.Count, hintPaths.Count);
        foreach (var (id, version) in pinned)
            Assert.Contains(hintPaths, h => h.StartsWith($"packages\\{id}.{version}\\lib\\", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> PinnedPackages() =>
        XDocument.Load(Path.Combine(RepositoryLayout.Esp32App, "packages.config"))
            .Descendants("package")
            .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);

    /// <summary>Index version of each package, raised to the highest version any listed nuspec depends on.</summary>
    private static Dictionary<string, string> ExpectedVersions()
    {
        string folder = RepositoryLayout.NanoFrameworkApiFolder;
        var versions = new Dictionary<string, Version>();
        foreach (string line in File.ReadLines(Path.Combine(folder, "index.tsv")).Skip(1))
        {
            string[] fields = line.Split('\t');
            if (Version.TryParse(fields[2], out var version))
                versions[fields[1]] = version;
        }

        foreach (string file in Directory.GetFiles(folder, "*.txt"))
        {
            string? header = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("# nuspec-dependencies:", StringComparison.Ordinal));
            if (header == null)
                continue;
            foreach (Match m in Dependency().Matches(header))
            {
                var version = Version.Parse(m.Groups[2].Value);
                string id = m.Groups[1].Value;
                if (versions.TryGetValue(id, out var listed) && version > listed)
                    versions[id] = version;
            }
        }

        return versions.ToDictionary(v => v.Key, v => v.Value.ToString());
    }

    [GeneratedRegex(@"(nanoFramework\.[A-Za-z0-9.]+?) (\d+\.\d+\.\d+)")]
    private static partial Regex Dependency();
}
