namespace QkdEdge.Emulator.Optics;

/// <summary>Argument checks shared by the <see cref="IOpticsModel.Measure"/> implementations.</summary>
internal static class OpticsArguments
{
    public static void Check(int stations, byte[][] settings, byte[][] clicks, int count)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clicks);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (settings.Length != stations || clicks.Length != stations)
            throw new ArgumentException($"The model feeds {stations} stations; settings and clicks need one array each.");
        for (int station = 0; station < stations; station++)
        {
            if (settings[station] is null || settings[station].Length < count)
                throw new ArgumentException($"Station {station}'s settings hold fewer than {count} rounds.", nameof(settings));
            if (clicks[station] is null || clicks[station].Length < count)
                throw new ArgumentException($"Station {station}'s click buffer holds fewer than {count} rounds.", nameof(clicks));
        }
    }

    public static void CheckStationCount(OpticsOptions options)
    {
        if (options.Stations is < 1 or > Quantum.DensityMatrix.MaxQubits)
            throw new ArgumentException($"Between 1 and {Quantum.DensityMatrix.MaxQubits} stations are supported, not {options.Stations}.");
    }

    /// <summary>Throws unless <paramref name="options"/> has the two-station Vazirani-Vidick alphabets the CHSH attacks target.</summary>
    public static void RequireChshLayout(OpticsOptions options, string model)
    {
        if (options.Stations != 2)
            throw new ArgumentException($"Model '{model}' attacks two-station CHSH links; {options.Stations} stations were configured.");
        int alice = options.Station(0).ToBases(0, 2).Length, bob = options.Station(1).ToBases(1, 2).Length;
        if (alice is not (2 or 3) || bob != 2)
            throw new ArgumentException(
                $"Model '{model}' needs Vazirani-Vidick labels (Alice 2 or 3 settings, Bob 2); got {alice} and {bob}.");
    }
}
