namespace QkdEdge.Distillation.Reconciliation.Ldpc.Design;

/// <summary>
/// How a frame's bits reach the decoder, as fractions: of the padding candidates (every other staircase column),
/// <see cref="ErasedCandidates"/> are padding not yet revealed (punctured) and <see cref="KnownCandidates"/> padding
/// already revealed; of every other bit, <see cref="Shortened"/> are shortened (known). The rest carry key and see
/// the binary symmetric channel.
/// </summary>
public readonly record struct FrameModulation(double ErasedCandidates, double KnownCandidates, double Shortened)
{
    /// <summary>A full frame: every bit carries key.</summary>
    public static FrameModulation None => default;

    /// <summary>
    /// The modulation of a planned frame of <paramref name="frameBits"/> with <paramref name="paddingBits"/> padding
    /// (of which <paramref name="revealedBits"/> revealed) out of <paramref name="candidateBits"/> candidates and
    /// <paramref name="shortenedBits"/> shortened bits. Unused candidates carry key or are shortened like any other bit.
    /// </summary>
    public static FrameModulation Of(int frameBits, int candidateBits, int paddingBits, int revealedBits, int shortenedBits)
    {
        if (candidateBits <= 0 || paddingBits < 0 || paddingBits > candidateBits || revealedBits < 0 || revealedBits > paddingBits
            || shortenedBits < 0 || paddingBits + shortenedBits > frameBits)
        {
            throw new ArgumentException("Padding, reveals and shortened bits must fit the frame and its candidates.");
        }

        double shortened = shortenedBits / (double)(frameBits - paddingBits);
        return new FrameModulation((paddingBits - revealedBits) / (double)candidateBits, revealedBits / (double)candidateBits, shortened);
    }
}
