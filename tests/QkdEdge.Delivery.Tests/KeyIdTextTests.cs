using QkdEdge.Delivery.Etsi014;

namespace QkdEdge.Delivery.Tests;

/// <summary>The documented key_ID rule: canonical 8-4-4-4-12 UUID text, hex digits in either case (the comparison is tested over HTTP).</summary>
public sealed class KeyIdTextTests
{
    [Theory]
    [InlineData("0a1b2c3d-4e5f-8a9b-8c0d-0e1f2a3b4c5d")]
    [InlineData("0A1B2C3D-4E5F-8A9B-8C0D-0E1F2A3B4C5D")]
    [InlineData("0a1B2c3D-4e5F-8a9B-8c0D-0e1F2a3B4c5D")]
    public void IsCanonical_WhenHexDigitsAreInEitherCase_IsTrue(string text) => Assert.True(KeyIdText.IsCanonical(text));

    [Theory]
    [InlineData("{0a1b2c3d-4e5f-8a9b-8c0d-0e1f2a3b4c5d}")]
    [InlineData(" 0a1b2c3d-4e5f-8a9b-8c0d-0e1f2a3b4c5d")]
    [InlineData("0a1b2c3d-4e5f-8a9b-8c0d-0e1f2a3b4c5d ")]
    [InlineData("0a1b2c3d4e5f8a9b8c0d0e1f2a3b4c5d")]
    [InlineData("urn:uuid:0a1b2c3d-4e5f-8a9b-8c0d-0e1f2a3b4c5d")]
    [InlineData("0a1b2c3d-4e5f-8a9b-8c0d-0e1f2a3b4c5g")]
    [InlineData("0a1b2c3d_4e5f-8a9b-8c0d-0e1f2a3b4c5d")]
    [InlineData("")]
    [InlineData(null)]
    public void IsCanonical_WhenNotThe36CharacterForm_IsFalse(string? text) => Assert.False(KeyIdText.IsCanonical(text));
}
