namespace QkdEdge.Telemetry.Tests.Support;

/// <summary>Finds files of the source tree from the test's output folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "QkdEdge.sln")))
                return folder.FullName;
        throw new DirectoryNotFoundException("No QkdEdge.sln above " + AppContext.BaseDirectory);
    }
}
