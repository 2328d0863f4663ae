namespace QkdEdge.Distillation.Reconciliation.Cascade;

/// <summary>
/// Block sizes of the Cascade passes: pass 1 uses <see cref="FirstBlockSize"/>, pass 2
/// <see cref="SecondBlockSize"/>, every later pass <see cref="LaterBlockSize"/>.
/// </summary>
public sealed record CascadeSchedule(int Passes, int FirstBlockSize, int SecondBlockSize, int LaterBlockSize)
{
    /// <summary>Brassard and Salvail's original choice: k1 = ceil(0.73 / Q), doubling, four passes.</summary>
    public static CascadeSchedule Original(double errorRate)
    {
        int k1 = (int)Math.Ceiling(0.73 / Clamp(errorRate));
        return new CascadeSchedule(4, k1, 2 * k1, 4 * k1) { Name = "original" };
    }

    /// <summary>
    /// The best-performing fixed schedule of Martinez-Mateo et al., "Demystifying the information reconciliation
    /// protocol Cascade" (option 7): k1 = 2^ceil(log2(1/Q)), k2 = 4 k1, then n/2, fourteen passes.
    /// </summary>
    public static CascadeSchedule Optimised(double errorRate, long keyBits)
    {
        int k1 = 1 << (int)Math.Ceiling(Math.Log2(1.0 / Clamp(errorRate)));
        int later = (int)Math.Max(1, keyBits / 2);
        return new CascadeSchedule(14, k1, 4 * k1, later) { Name = "optimised" };
    }

    public string Name { get; init; } = "custom";

    public int BlockSize(int pass) => pass switch
    {
        0 => FirstBlockSize,
        1 => SecondBlockSize,
        _ => LaterBlockSize,
    };

    private static double Clamp(double q) => Math.Clamp(q, 1e-5, 0.5);
}
