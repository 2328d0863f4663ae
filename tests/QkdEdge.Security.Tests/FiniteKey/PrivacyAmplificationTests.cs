using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Security.Tests.FiniteKey;

public class PrivacyAmplificationTests
{
    // Reference sheet 8.2 test vectors.
    [Fact]
    public void KeyLength_WhenSheetVector_MatchesBothForms()
    {
        Assert.Equal(999_933, PrivacyAmplification.KeyLength(1_000_000, 0, 1e-10));
        Assert.Equal(999_935, PrivacyAmplification.KeyLengthWithLemmaConstant(1_000_000, 0, 1e-10));
        Assert.Equal(99_940, PrivacyAmplification.KeyLength(100_000, 0, 1e-9));
    }

    [Fact]
    public void ToeplitzSeedBits_WhenSheetVector_IsNPlusLMinusOne() => Assert.Equal(1_499_999, PrivacyAmplification.ToeplitzSeedBits(1_000_000, 500_000));

    [Fact]
    public void KeyLength_WhenNadlingerFinalLength_NeedsSheetStatedEntropy() =>
        // Sheet 8.2: 95,628 final bits need H - leak >= 95,695 at eps_PA = 1e-10.
        Assert.Equal(95_628, PrivacyAmplification.KeyLength(95_695, 0, 1e-10));
}
