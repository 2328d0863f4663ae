using System.Globalization;
using System.Text.RegularExpressions;

namespace QkdEdge.Wire.Tests.Support;

/// <summary>Reads the hex examples out of docs/wire-protocol.md (copied next to the tests at build time).</summary>
public static partial class SpecDocument
{
    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> Parsed = new(Parse);

    public static string Text => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Spec", "wire-protocol.md"));

    /// <summary>The bytes of the example headed "#### Example: <paramref name="name"/>".</summary>
    public static byte[] Example(string name) =>
        Parsed.Value.TryGetValue(name, out byte[]? bytes)
            ? bytes
            : throw new KeyNotFoundException($"The specification has no example named '{name}'.");

    public static IReadOnlyCollection<string> ExampleNames => Parsed.Value.Keys.ToArray();

    private static IReadOnlyDictionary<string, byte[]> Parse()
    {
        var examples = new Dictionary<string, byte[]>();
        foreach (Match match in ExamplePattern().Matches(Text))
        {
            string hex = match.Groups["hex"].Value;
            byte[] bytes = hex.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
                .Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
                .ToArray();
            examples.Add(match.Groups["name"].Value.Trim(), bytes);
        }

        return examples;
    }

    [GeneratedRegex(@"^#### Example: (?<name>[^\n]+)\n(?:(?!^#### )[\s\S])*?^```hex\n(?<hex>[0-9a-f \n]+?)\n```", RegexOptions.Multiline)]
    private static partial Regex ExamplePattern();
}
