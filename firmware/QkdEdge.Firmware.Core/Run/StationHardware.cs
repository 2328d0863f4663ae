using System;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Run
{
    /// <summary>
    /// The platform's implementations of the core's hardware seams, handed to
    /// <see cref="StationFirmware"/> in one piece: ESP32 peripherals in the nanoFramework app, emulated
    /// ones in the emulator, simple fakes in tests.
    /// </summary>
    public sealed class StationHardware
    {
        /// <param name="statusLines">The slow GPIO lines, or null if the platform has none.</param>
        public StationHardware(IClock clock, IEntropySource entropy, ISettingsOutput settingsOutput,
            IClickCapture clickCapture, ISerialLink link, StatusLines statusLines)
        {
            if (clock == null)
                throw new ArgumentNullException("clock");
            if (entropy == null)
                throw new ArgumentNullException("entropy");
            if (settingsOutput == null)
                throw new ArgumentNullException("settingsOutput");
            if (clickCapture == null)
                throw new ArgumentNullException("clickCapture");
            if (link == null)
                throw new ArgumentNullException("link");
            Clock = clock;
            Entropy = entropy;
            SettingsOutput = settingsOutput;
            ClickCapture = clickCapture;
            Link = link;
            StatusLines = statusLines;
        }

        public IClock Clock { get; private set; }

        public IEntropySource Entropy { get; private set; }

        public ISettingsOutput SettingsOutput { get; private set; }

        public IClickCapture ClickCapture { get; private set; }

        public ISerialLink Link { get; private set; }

        /// <summary>May be null.</summary>
        public StatusLines StatusLines { get; private set; }
    }
}
