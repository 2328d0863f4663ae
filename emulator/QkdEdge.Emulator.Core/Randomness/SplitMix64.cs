namespace QkdEdge.Emulator.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
/// the variant Vigna publishes at prng.di.unimi.it to seed the xoshiro family). Its n-th output is a
/// fixed mixing function of <c>seed + n * golden gamma</c>, so it is also a counter-based generator:
/// <see cref="At"/> returns element n of the stream without producing the n-1 before it. The emulator
/// uses that for values that must be a pure function of (seed, index), such as per-pulse timing noise
/// and the hidden variables that an adversary pre-shares between two boxes.
/// </summary>
/// <remarks>
/// Written here because .NET has no public seedable SplitMix64 or xoshiro: <see cref="System.Random"/>
/// with a seed falls back to a legacy subtractive generator whose algorithm is not documented as stable.
/// </remarks>
public struct SplitMix64
{
    /// <summary>The Weyl-sequence increment: 2^64 divided by the golden ratio, made odd.</summary>
    public const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>Next 64-bit output of the stream.</summary>
    public ulong NextUInt64()
    {
        _state += GoldenGamma;
        return Mix(_state);
    }

    /// <summary>Element <paramref name="index"/> (0-based) of the stream seeded with <paramref name="seed"/>.</summary>
    public static ulong At(ulong seed, ulong index) => Mix(seed + (index + 1) * GoldenGamma);

    /// <summary>
    /// A seed for an independent component, derived from a run seed and a component number. Mixing
    /// twice keeps nearby (seed, stream) pairs from giving related streams.
    /// </summary>
    public static ulong DeriveSeed(ulong seed, ulong stream) => Mix(Mix(seed ^ GoldenGamma) + stream * 0xD1B54A32D192ED03UL);

    /// <summary>The SplitMix64 output function (a bijective 64-bit finaliser).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
