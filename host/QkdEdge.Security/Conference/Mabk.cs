namespace QkdEdge.Security.Conference;

/// <summary>
/// Normalised MABK (Mermin-Ardehali-Belinskii-Klyshko) bounds (reference sheet 6.3, recalled values): local 1,
/// without genuine N-partite entanglement 2^((N-2)/2), quantum maximum 2^((N-1)/2) for GHZ states.
/// </summary>
public static class Mabk
{
    public static double LocalBound(int parties) => Check(parties) > 0 ? 1.0 : 0.0;

    public static double GenuineEntanglementThreshold(int parties) => Math.Pow(2.0, (Check(parties) - 2) / 2.0);

    public static double QuantumMaximum(int parties) => Math.Pow(2.0, (Check(parties) - 1) / 2.0);

    private static int Check(int parties)
    {
        if (parties < 2)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(parties), parties, "a number of parties N >= 2");
        }

        return parties;
    }
}
