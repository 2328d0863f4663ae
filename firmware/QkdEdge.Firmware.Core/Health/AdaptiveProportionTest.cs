namespace QkdEdge.Firmware.Health
{
    /// <summary>
    /// The adaptive proportion test of NIST SP 800-90B section 4.4.2: in each window of W consecutive
    /// samples it counts how often the window's first sample recurs (the first one included) and fails
    /// when the count reaches C, which catches a source that has become biased towards one value.
    /// Windows do not overlap.
    /// </summary>
    public sealed class AdaptiveProportionTest
    {
        private readonly int _window;
        private readonly int _cutoff;
        private int _reference;
        private int _count;
        private int _seen;

        /// <param name="window">W: 1024 for byte samples (section 4.4.2).</param>
        /// <param name="cutoff">C from <see cref="HealthTestCutoffs.AdaptiveProportion"/>.</param>
        public AdaptiveProportionTest(int window, int cutoff)
        {
            if (window < 2)
                throw new System.ArgumentOutOfRangeException("window");
            if (cutoff < 2 || cutoff > window)
                throw new System.ArgumentOutOfRangeException("cutoff");
            _window = window;
            _cutoff = cutoff;
            Reset();
        }

        /// <summary>W: samples per window.</summary>
        public int Window
        {
            get { return _window; }
        }

        /// <summary>C: the count that fails the test.</summary>
        public int Cutoff
        {
            get { return _cutoff; }
        }

        /// <summary>Count of the reference value in the current window.</summary>
        public int CurrentCount
        {
            get { return _count; }
        }

        /// <summary>Forgets all samples seen (the next sample opens a new window).</summary>
        public void Reset()
        {
            _reference = -1;
            _count = 0;
            _seen = 0;
        }

        /// <summary>Feeds one sample; returns false when the window's count of its first value reaches C.</summary>
        public bool Feed(byte sample)
        {
            if (_seen == 0)
            {
                _reference = sample;
                _count = 1;
                _seen = 1;
                return true;
            }

            if (sample == _reference)
                _count++;
            _seen++;
            bool pass = _count < _cutoff;
            if (_seen == _window)
                _seen = 0;
            return pass;
        }
    }
}
