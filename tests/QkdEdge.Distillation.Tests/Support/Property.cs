using CsCheck;

namespace QkdEdge.Distillation.Tests.Support;

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
                throw new Xunit.Sdk.XunitException($"Property failed at seed {seed}, case {i}, input {value}: {ex.Message}", ex);
            }
        }
    }
}
