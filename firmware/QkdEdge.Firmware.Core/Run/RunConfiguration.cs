using QkdEdge.Firmware.Board;
using QkdEdge.Wire.Frames;

namespace QkdEdge.Firmware.Run
{
    /// <summary>
    /// The run parameters the host sets with Configure: the station's role, the size k of its input
    /// alphabet (2 or 3 for CHSH DI-QKD, more for chained-Bell protocols), rounds per batch, gate
    /// width and round period (in ticks of the board's tick clock).
    /// </summary>
    public sealed class RunConfiguration
    {
        public StationRole Role { get; private set; }

        /// <summary>k: settings are drawn uniformly from 0..k-1 (0 while unconfigured).</summary>
        public int AlphabetSize { get; private set; }

        /// <summary>Rounds per batch (0 while unconfigured).</summary>
        public int BatchSize { get; private set; }

        public uint GateWidthTicks { get; private set; }

        public uint RoundPeriodTicks { get; private set; }

        /// <summary>True once a configuration has been accepted.</summary>
        public bool IsConfigured
        {
            get { return AlphabetSize != 0; }
        }

        /// <summary>
        /// True if the board can run <paramref name="command"/>: the wire's own rules hold already
        /// (the decoder checked them), this adds the board profile's limits.
        /// </summary>
        public static bool Fits(ConfigureCommand command, BoardProfile board)
        {
            return (command.Role == StationRole.Alice || command.Role == StationRole.Bob)
                && command.AlphabetSize >= 2 && command.AlphabetSize <= board.MaxAlphabetSize
                && command.BatchSize >= 1 && command.BatchSize <= board.MaxBatchSize
                && command.RoundPeriodTicks >= board.MinRoundPeriodTicks && command.RoundPeriodTicks <= board.MaxRoundPeriodTicks
                && command.GateWidthTicks >= board.MinGateWidthTicks && command.GateWidthTicks <= board.MaxGateWidthTicks
                && command.GateWidthTicks < command.RoundPeriodTicks;
        }

        /// <summary>Takes the values of an accepted command (checked with <see cref="Fits"/>).</summary>
        public void Apply(ConfigureCommand command)
        {
            Role = command.Role;
            AlphabetSize = command.AlphabetSize;
            BatchSize = command.BatchSize;
            GateWidthTicks = command.GateWidthTicks;
            RoundPeriodTicks = command.RoundPeriodTicks;
        }
    }
}
