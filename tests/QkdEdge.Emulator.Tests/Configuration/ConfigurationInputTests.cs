using System.Text;
using System.Text.Json.Nodes;
using QkdEdge.Emulator.Configuration;

namespace QkdEdge.Emulator.Tests.Configuration;

/// <summary>Bad configuration and profile files end in a <see cref="ConfigurationException"/> naming the field, never another exception.</summary>
public sealed class ConfigurationInputTests
{
    [Theory]
    [InlineData("null")]
    [InlineData("\"  \"")]
    public void Create_WhenBoardProfileIsMissing_ThrowsConfigurationExceptionNamingTheField(string value)
    {
        var configuration = ConfigurationJson.Parse($"{{\"boardProfile\": {value}}}");

        var error = Assert.Throws<ConfigurationException>(() => RunPlan.Create(configuration));

        Assert.StartsWith("boardProfile: missing", error.Message);
        Assert.Contains(BoardProfileFile.DefaultId, error.Message);
    }

    [Theory]
    [InlineData("model")]
    [InlineData("state")]
    [InlineData("mixtureAttack")]
    public void Create_WhenAnOpticsNameIsNull_NamesTheOpticsField(string field)
    {
        var configuration = ConfigurationJson.Parse($"{{\"optics\": {{\"{field}\": null}}}}");

        var error = Assert.Throws<ConfigurationException>(() => RunPlan.Create(configuration));

        Assert.Contains($"optics.{field}: missing", error.Message);
    }

    [Theory]
    [InlineData("pins")]
    [InlineData("serial")]
    [InlineData("clocks")]
    [InlineData("limits")]
    [InlineData("entropy")]
    public void Parse_WhenAProfileSectionIsNull_ThrowsConfigurationExceptionNamingIt(string section)
    {
        var profile = DefaultProfileJson();
        profile[section] = null;

        var error = Assert.Throws<ConfigurationException>(() => BoardProfileFile.Parse(Utf8(profile.ToJsonString()), "edited"));

        Assert.Contains($"$.{section}", error.Message);
    }

    [Fact]
    public void Parse_WhenAPinListIsNull_ThrowsConfigurationExceptionNamingIt()
    {
        var profile = DefaultProfileJson();
        profile["pins"]!["settingOut"] = null;

        var error = Assert.Throws<ConfigurationException>(() => BoardProfileFile.Parse(Utf8(profile.ToJsonString()), "edited"));

        Assert.Contains("settingOut", error.Message);
    }

    [Fact]
    public void Read_WhenThePathIsADirectory_ThrowsConfigurationExceptionNamingIt()
    {
        string folder = Directory.CreateTempSubdirectory("qkdedge-config-").FullName;
        try
        {
            var error = Assert.Throws<ConfigurationException>(() => ConfigurationJson.Read(folder));

            Assert.Contains(folder, error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    private static JsonNode DefaultProfileJson()
    {
        string path = Path.Combine(RepositoryRoot(), "hardware", "boards", BoardProfileFile.DefaultId + ".json");
        return JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "QkdEdge.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException("The repository root (QkdEdge.sln) is not above the test's folder.");
    }

    private static MemoryStream Utf8(string json) => new(Encoding.UTF8.GetBytes(json));
}
