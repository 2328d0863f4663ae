using System;

namespace QkdEdge.Firmware.Run
{
    /// <summary>
    /// What the platform knows about its entropy source: the min-entropy per raw byte that the
    /// source's assessment supports (it sets the SP 800-90B health-test cutoffs), and whether the source
    /// is fit for drawing measurement settings at all. The ESP32's on-chip RNG, for example, is only
    /// a true RNG while the RF subsystem or the SAR-ADC noise source is on; a platform that cannot
    /// guarantee that says so here and the firmware refuses to start runs.
    /// </summary>
    public sealed class EntropySourceClaim
    {
        public EntropySourceClaim(double minEntropyPerByte, bool qualifiedForRuns)
        {
            if (!(minEntropyPerByte > 0.0) || minEntropyPerByte > 8.0)
                throw new ArgumentOutOfRangeException("minEntropyPerByte");
            MinEntropyPerByte = minEntropyPerByte;
            QualifiedForRuns = qualifiedForRuns;
        }

        /// <summary>Claimed min-entropy per raw byte, 0 &lt; H &lt;= 8.</summary>
        public double MinEntropyPerByte { get; private set; }

        /// <summary>False if the source may be deterministic in its current state; Start is then refused.</summary>
        public bool QualifiedForRuns { get; private set; }
    }
}
