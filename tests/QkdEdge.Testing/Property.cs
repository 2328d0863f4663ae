using CsCheck;

namespace QkdEdge.Testing;

/// <summary>
/// Runs a CsCheck generator from a fixed seed, so every run checks the same cases and a failure names the case
/// that reproduces it (CsCheck's own Sample draws fresh seeds after the first).
/// </summary>
public static class Property
{
    public static void Check<T>(Gen<T> gen, int iterations, ulong seed, Action<T> assert)
    {
        var pcg = new PCG(1, seed);
        for (int i = 0; i < iterations; i++)
        {
            T value = gen.Generate(pcg, null!, out _);
            try
            {
                assert(value);
            }
            catch (Exception ex)
            {
                throw new PropertyFailedException($"Property failed at seed {seed}, case {i}, input {Describe(value)}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>The case as a test log can show it: arrays of bytes (frames, payloads) as their length and first bytes in hex.</summary>
    internal static string Describe<T>(T value) => value switch
    {
        byte[] bytes => $"{bytes.Length} bytes {Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, 32))}{(bytes.Length > 32 ? "..." : "")}",
        null => "null",
        _ => value.ToString() ?? "",
    };
}

/// <summary>A property failed for a case; the message names the seed and case that reproduce it.</summary>
public sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);
