using System;

namespace QkdEdge.Firmware.Board
{
    /// <summary>
    /// What the core needs to know about the board it runs on: the tick clock of time tags and round
    /// periods, and the limits a configuration must respect. Built from the machine-readable profile in
    /// hardware/boards (on the board through a generated-by-hand constants class such as
    /// <see cref="Esp32DevKitCProfile"/>, in the emulator from the JSON file itself).
    /// </summary>
    public sealed class BoardProfile
    {
        public BoardProfile(string id, uint tickFrequencyHz, int maxBatchSize, int maxAlphabetSize,
            uint minRoundPeriodTicks, uint maxRoundPeriodTicks, uint minGateWidthTicks, uint maxGateWidthTicks)
        {
            if (id == null || id.Length == 0 || id.Length > 32)
                throw new ArgumentException("The profile id must be 1 to 32 characters.", "id");
            if (tickFrequencyHz == 0)
                throw new ArgumentOutOfRangeException("tickFrequencyHz");
            if (maxBatchSize < 1 || maxBatchSize > 0xFFFF)
                throw new ArgumentOutOfRangeException("maxBatchSize");
            if (maxAlphabetSize < 2 || maxAlphabetSize > 255)
                throw new ArgumentOutOfRangeException("maxAlphabetSize");
            if (minRoundPeriodTicks == 0 || maxRoundPeriodTicks < minRoundPeriodTicks)
                throw new ArgumentOutOfRangeException("maxRoundPeriodTicks");
            if (minGateWidthTicks == 0 || maxGateWidthTicks < minGateWidthTicks || maxGateWidthTicks >= maxRoundPeriodTicks)
                throw new ArgumentOutOfRangeException("maxGateWidthTicks");
            Id = id;
            TickFrequencyHz = tickFrequencyHz;
            MaxBatchSize = maxBatchSize;
            MaxAlphabetSize = maxAlphabetSize;
            MinRoundPeriodTicks = minRoundPeriodTicks;
            MaxRoundPeriodTicks = maxRoundPeriodTicks;
            MinGateWidthTicks = minGateWidthTicks;
            MaxGateWidthTicks = maxGateWidthTicks;
        }

        /// <summary>Printable ASCII id of the profile (the file name in hardware/boards without extension).</summary>
        public string Id { get; private set; }

        /// <summary>Frequency of the clock that time tags, gate widths and round periods count.</summary>
        public uint TickFrequencyHz { get; private set; }

        /// <summary>Most rounds one batch may hold (buffers are sized for it at boot).</summary>
        public int MaxBatchSize { get; private set; }

        /// <summary>Largest alphabet the setting outputs can express.</summary>
        public int MaxAlphabetSize { get; private set; }

        /// <summary>Shortest round period the peripherals and the link sustain.</summary>
        public uint MinRoundPeriodTicks { get; private set; }

        /// <summary>Longest round period the peripherals can time.</summary>
        public uint MaxRoundPeriodTicks { get; private set; }

        /// <summary>Narrowest gate the gate output can produce.</summary>
        public uint MinGateWidthTicks { get; private set; }

        /// <summary>Widest gate the click capture can tell from a click.</summary>
        public uint MaxGateWidthTicks { get; private set; }
    }
}
