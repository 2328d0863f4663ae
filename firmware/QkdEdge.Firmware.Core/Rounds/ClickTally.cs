namespace QkdEdge.Firmware.Rounds
{
    /// <summary>
    /// Gate and click bookkeeping: how many rounds of the last batch, and since boot, had no click, a
    /// click in one detector only, or a double click. No-clicks and double clicks are counted, not
    /// dropped: device-independent analyses must bin them, never discard them. One pass over the
    /// batch's click patterns (bit 0 detector 0, bit 1 detector 1), no allocation.
    /// </summary>
    public sealed class ClickTally
    {
        private readonly long[] _batch = new long[4];
        private readonly long[] _total = new long[4];

        /// <summary>Rounds of the last batch with click pattern <paramref name="pattern"/> (0 none, 1 detector 0 only, 2 detector 1 only, 3 both).</summary>
        public long BatchCount(int pattern)
        {
            return _batch[pattern];
        }

        /// <summary>Rounds since boot with click pattern <paramref name="pattern"/>.</summary>
        public long TotalCount(int pattern)
        {
            return _total[pattern];
        }

        /// <summary>Rounds of the last batch without a click (gates that stayed dark).</summary>
        public long BatchNoClicks
        {
            get { return _batch[0]; }
        }

        /// <summary>Rounds of the last batch in which both detectors clicked.</summary>
        public long BatchDoubleClicks
        {
            get { return _batch[3]; }
        }

        /// <summary>Clicks of detector 0 in the last batch (double clicks included).</summary>
        public long BatchDetector0Clicks
        {
            get { return _batch[1] + _batch[3]; }
        }

        /// <summary>Clicks of detector 1 in the last batch (double clicks included).</summary>
        public long BatchDetector1Clicks
        {
            get { return _batch[2] + _batch[3]; }
        }

        /// <summary>Gates opened since boot (rounds tallied).</summary>
        public long TotalGates
        {
            get { return _total[0] + _total[1] + _total[2] + _total[3]; }
        }

        /// <summary>Clicks of detector 0 since boot (double clicks included).</summary>
        public long TotalDetector0Clicks
        {
            get { return _total[1] + _total[3]; }
        }

        /// <summary>Clicks of detector 1 since boot (double clicks included).</summary>
        public long TotalDetector1Clicks
        {
            get { return _total[2] + _total[3]; }
        }

        /// <summary>Rounds since boot without a click.</summary>
        public long TotalNoClicks
        {
            get { return _total[0]; }
        }

        /// <summary>Rounds since boot with a double click.</summary>
        public long TotalDoubleClicks
        {
            get { return _total[3]; }
        }

        /// <summary>
        /// Tallies <paramref name="count"/> click patterns. Returns false, counting nothing, if a pattern
        /// is above 3 (a capture fault: the batch must not be sent).
        /// </summary>
        public bool Tally(byte[] clicks, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (clicks[i] > 3)
                    return false;
            }

            _batch[0] = 0;
            _batch[1] = 0;
            _batch[2] = 0;
            _batch[3] = 0;
            for (int i = 0; i < count; i++)
                _batch[clicks[i]]++;
            for (int p = 0; p < 4; p++)
                _total[p] += _batch[p];
            return true;
        }
    }
}
