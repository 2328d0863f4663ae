using System.Numerics;

namespace QkdEdge.Emulator.Randomness;

/// <summary>
/// xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021; reference C code at prng.di.unimi.it): 256 bits of state, period 2^256 - 1,
/// 64 output bits per step in about a nanosecond. It is a statistical generator for emulation, not a
/// cryptographic one; the emulator only needs speed, quality and reproducibility by seed.
/// </summary>
/// <remarks>
/// A mutable struct so the hot loops can copy it into a local, run, and store it back without an
/// object indirection per draw. Seeded, as its authors recommend, by expanding a 64-bit seed with
/// <see cref="SplitMix64"/> (which cannot give the forbidden all-zero state from four outputs).
/// </remarks>
public struct Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        var expander = new SplitMix64(seed);
        _s0 = expander.NextUInt64();
        _s1 = expander.NextUInt64();
        _s2 = expander.NextUInt64();
        _s3 = expander.NextUInt64();
    }

    /// <summary>Starts from an explicit state (reference test vectors use {1, 2, 3, 4}).</summary>
    public static Xoshiro256StarStar FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
            throw new ArgumentException("The all-zero state is a fixed point of xoshiro256**.");
        return new Xoshiro256StarStar { _s0 = s0, _s1 = s1, _s2 = s2, _s3 = s3 };
    }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>) by Lemire's multiply-high method (bias below 2^-64 * bound).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)Math.BigMul(NextUInt64(), (ulong)bound, out _);
    }
}
