namespace QkdEdge.Emulator.Configuration;

/// <summary>
/// The Configure command the emulator sends to each board itself when asked to start the boards
/// without a host (<c>--autostart</c>, benches, tests). The round period is the source's pulse period;
/// each board's alphabet is its <see cref="BoardOptions.AlphabetSize"/>.
/// </summary>
public sealed class AutostartOptions
{
    /// <summary>Configure and start every board at boot, through its command link, as a host would.</summary>
    public bool Enabled { get; init; }

    /// <summary>Rounds per batch; null takes the board profile's largest batch.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Gate width in ticks; null takes the board profile's widest gate.</summary>
    public uint? GateWidthTicks { get; init; }
}
