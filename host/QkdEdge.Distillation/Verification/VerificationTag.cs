using QkdEdge.Distillation.Bits;

namespace QkdEdge.Distillation.Verification;

/// <summary>
/// What Alice sends for verification: the evaluation points (fresh uniform randomness, independent of both keys,
/// so disclosing them says nothing about the key) and the tag, the only part that depends on her key. The tag
/// bits are charged to the error-correction leak.
/// </summary>
public sealed record VerificationTag(IReadOnlyList<ulong> Points, IReadOnlyList<ulong> Tag, long KeyBits)
{
    /// <summary>Bits of the tag: 64 per lane. This is what verification discloses about the key.</summary>
    public int TagBits => 64 * Tag.Count;

    /// <summary>
    /// Alice's side: hashes her key with <see cref="VerificationTagLength.LanesFor"/> lanes. The points are read
    /// from <paramref name="randomPoints"/>, which the caller fills from a cryptographic source.
    /// </summary>
    public static VerificationTag Create(ReadOnlySpan<ulong> key, long keyBits, double epsilonCorrectness, ReadOnlySpan<ulong> randomPoints)
    {
        int lanes = VerificationTagLength.LanesFor(keyBits, epsilonCorrectness);
        if (randomPoints.Length < lanes)
        {
            throw new ArgumentException($"eps_EC = {epsilonCorrectness} needs {lanes} random 64-bit points.", nameof(randomPoints));
        }

        var points = randomPoints[..lanes].ToArray();
        return new VerificationTag(points, PolynomialHash.Compute(key, keyBits, points), keyBits);
    }

    /// <summary>Bob's side: true iff his corrected key has the same tag. False means the block must be aborted.</summary>
    public bool Matches(ReadOnlySpan<ulong> key, long keyBits)
    {
        if (keyBits != KeyBits || key.Length < PackedBits.WordCount(keyBits))
        {
            return false;
        }

        var mine = PolynomialHash.Compute(key, keyBits, Points.ToArray());
        return mine.AsSpan().SequenceEqual(Tag.ToArray());
    }
}
