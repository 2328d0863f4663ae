namespace QkdEdge.Firmware.Health
{
    /// <summary>
    /// The repetition count test of NIST SP 800-90B section 4.4.1: fails when C consecutive samples are
    /// identical, which catches a source that has got stuck. Checks each sample in constant time and
    /// keeps two fields of state, so it runs on every raw sample the firmware draws.
    /// </summary>
    public sealed class RepetitionCountTest
    {
        private readonly int _cutoff;
        private int _last;
        private int _run;

        /// <param name="cutoff">C from <see cref="HealthTestCutoffs.RepetitionCount"/>.</param>
        public RepetitionCountTest(int cutoff)
        {
            if (cutoff < 2)
                throw new System.ArgumentOutOfRangeException("cutoff");
            _cutoff = cutoff;
            Reset();
        }

        /// <summary>C: the run length that fails the test.</summary>
        public int Cutoff
        {
            get { return _cutoff; }
        }

        /// <summary>Length of the current run of identical samples.</summary>
        public int CurrentRun
        {
            get { return _run; }
        }

        /// <summary>Forgets all samples seen (the next sample starts a new run).</summary>
        public void Reset()
        {
            _last = -1;
            _run = 0;
        }

        /// <summary>Feeds one sample; returns false when it completes a run of C identical samples.</summary>
        public bool Feed(byte sample)
        {
            if (sample == _last)
            {
                _run++;
                return _run < _cutoff;
            }

            _last = sample;
            _run = 1;
            return true;
        }
    }
}
