using QkdEdge.Fuzz;

namespace QkdEdge.FuzzCorpus.Tests;

/// <summary>The committed corpus (tests/fuzz-corpus/&lt;target&gt;/*), as copied next to the tests.</summary>
public static class Corpus
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fuzz-corpus");

    public static string TargetFolder(string target) => Path.Combine(Folder, target);

    public static IEnumerable<string> Files(string target) =>
        Directory.Exists(TargetFolder(target)) ? Directory.EnumerateFiles(TargetFolder(target)).Order(StringComparer.Ordinal) : [];

    public static byte[] Read(string target, string file) => File.ReadAllBytes(Path.Combine(TargetFolder(target), file));

    /// <summary>Every (target, file name) pair.</summary>
    public static TheoryData<string, string> AllInputs() => ToData(Pairs());

    private static IEnumerable<(string Target, string File)> Pairs() =>
        FuzzTargets.Names.SelectMany(target => Files(target).Select(file => (target, Path.GetFileName(file))));

    private static TheoryData<string, string> ToData(IEnumerable<(string Target, string File)> pairs)
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, file) in pairs)
            data.Add(target, file);
        return data;
    }

    /// <summary>Seeds built from valid encodings: each must be accepted, or the corpus never reaches the decoders' far side.</summary>
    public static TheoryData<string, string> ValidSeeds() =>
        ToData(Pairs().Where(p => p.File.StartsWith("seed-valid-", StringComparison.Ordinal)));
}
