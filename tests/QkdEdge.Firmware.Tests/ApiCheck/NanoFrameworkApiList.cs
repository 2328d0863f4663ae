namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>
/// The public API of the stable nanoFramework packages as documentation-comment IDs, read from the
/// *.txt lists of the reference shelf (format in its README.md). stable-generics-unusable.txt is not
/// an allowlist but the opposite: IDs that CoreLibrary declares and the 1.x runtime cannot use.
/// The preview-2.0 subfolder is not read.
/// </summary>
internal sealed class NanoFrameworkApiList
{
    public const string UnusableGenericsFile = "stable-generics-unusable.txt";

    private NanoFrameworkApiList(HashSet<string> allowed, HashSet<string> unusable, IReadOnlyList<string> files)
    {
        Allowed = allowed;
        Unusable = unusable;
        Files = files;
    }

    public HashSet<string> Allowed { get; }

    public HashSet<string> Unusable { get; }

    public IReadOnlyList<string> Files { get; }

    public bool IsAllowed(string id) => Allowed.Contains(id) && !Unusable.Contains(id);

    public static NanoFrameworkApiList Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException(
                $"The nanoFramework API lists were not found at {folder}. The firmware API check needs the team's " +
                "reference shelf checked out beside the repository (../shared/nanoframework-api with the *.txt lists).");

        var files = Directory.GetFiles(folder, "*.txt", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
        if (!files.Any(f => Path.GetFileName(f) == "nanoFramework.CoreLibrary.txt"))
            throw new FileNotFoundException($"{folder} holds no nanoFramework.CoreLibrary.txt; is it the API list folder?");

        var allowed = new HashSet<string>(StringComparer.Ordinal);
        var unusable = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            var target = Path.GetFileName(file) == UnusableGenericsFile ? unusable : allowed;
            foreach (string line in File.ReadLines(file))
            {
                string id = line.Trim();
                if (id.Length > 0 && !id.StartsWith('#'))
                    target.Add(id);
            }
        }

        return new NanoFrameworkApiList(allowed, unusable, files);
    }
}
