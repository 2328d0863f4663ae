using System;
using QkdEdge.Firmware.Hardware;

namespace QkdEdge.Firmware.Health
{
    /// <summary>
    /// Runs both continuous health tests of NIST SP 800-90B section 4.4 on every raw byte drawn from
    /// the entropy source, before any of it is used. A failure is latched: nothing more is accepted
    /// until the start-up test (<see cref="RunStartupTest"/>) passes on fresh samples.
    /// </summary>
    public sealed class EntropyHealthMonitor
    {
        /// <summary>Raw samples are bytes.</summary>
        public const int SampleBits = 8;

        /// <summary>
        /// Samples the start-up test covers: SP 800-90B section 4.3 asks for the continuous tests to run
        /// on at least 1024 consecutive samples before the source's output is first used, which is
        /// also one full adaptive-proportion window here.
        /// </summary>
        public const int StartupSamples = 1024;

        private readonly RepetitionCountTest _repetition;
        private readonly AdaptiveProportionTest _proportion;
        private readonly double _claimedMinEntropy;
        private HealthTestKind _failure;
        private byte _failedSample;
        private int _failedCount;
        private bool _startupPassed;
        private long _samplesTested;

        /// <param name="claimedMinEntropyPerByte">
        /// The min-entropy per raw byte that the source's entropy assessment supports (0 &lt; H &lt;= 8);
        /// the cutoffs follow from it (<see cref="HealthTestCutoffs"/>).
        /// </param>
        public EntropyHealthMonitor(double claimedMinEntropyPerByte)
        {
            _claimedMinEntropy = claimedMinEntropyPerByte;
            int window = HealthTestCutoffs.WindowFor(SampleBits);
            _repetition = new RepetitionCountTest(HealthTestCutoffs.RepetitionCount(claimedMinEntropyPerByte, SampleBits));
            _proportion = new AdaptiveProportionTest(window,
                HealthTestCutoffs.AdaptiveProportion(claimedMinEntropyPerByte, SampleBits, window));
        }

        /// <summary>The claimed min-entropy per byte the cutoffs were computed for.</summary>
        public double ClaimedMinEntropyPerByte
        {
            get { return _claimedMinEntropy; }
        }

        /// <summary>Repetition count cutoff C (section 4.4.1).</summary>
        public int RepetitionCutoff
        {
            get { return _repetition.Cutoff; }
        }

        /// <summary>Adaptive proportion cutoff C (section 4.4.2).</summary>
        public int ProportionCutoff
        {
            get { return _proportion.Cutoff; }
        }

        /// <summary>Adaptive proportion window W (section 4.4.2).</summary>
        public int ProportionWindow
        {
            get { return _proportion.Window; }
        }

        /// <summary>True once the start-up test has passed and no continuous test has failed since.</summary>
        public bool IsHealthy
        {
            get { return _startupPassed && _failure == HealthTestKind.None; }
        }

        /// <summary>The test that failed, or <see cref="HealthTestKind.None"/>.</summary>
        public HealthTestKind Failure
        {
            get { return _failure; }
        }

        /// <summary>The sample value that tripped the failed test.</summary>
        public byte FailedSample
        {
            get { return _failedSample; }
        }

        /// <summary>The run length or window count that reached the cutoff.</summary>
        public int FailedCount
        {
            get { return _failedCount; }
        }

        /// <summary>Raw samples tested since boot, start-up tests included.</summary>
        public long SamplesTested
        {
            get { return _samplesTested; }
        }

        /// <summary>
        /// Tests <paramref name="count"/> raw samples. Returns false if a test fails on one of them, or
        /// failed earlier and has not been cleared; the caller must then not use any of these samples.
        /// </summary>
        public bool Feed(byte[] samples, int offset, int count)
        {
            if (_failure != HealthTestKind.None)
                return false;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                byte sample = samples[i];
                _samplesTested++;
                if (!_repetition.Feed(sample))
                {
                    Latch(HealthTestKind.RepetitionCount, sample, _repetition.CurrentRun);
                    return false;
                }

                if (!_proportion.Feed(sample))
                {
                    Latch(HealthTestKind.AdaptiveProportion, sample, _proportion.CurrentCount);
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The start-up test (SP 800-90B section 4.3): clears both tests and any latched failure, then
        /// runs the continuous tests on <see cref="StartupSamples"/> fresh samples, which are discarded.
        /// <paramref name="scratch"/> is any preallocated buffer (its contents are overwritten).
        /// </summary>
        public bool RunStartupTest(IEntropySource source, byte[] scratch)
        {
            if (source == null)
                throw new ArgumentNullException("source");
            if (scratch == null || scratch.Length == 0)
                throw new ArgumentException("A scratch buffer is needed.", "scratch");
            _repetition.Reset();
            _proportion.Reset();
            _failure = HealthTestKind.None;
            _startupPassed = false;
            int remaining = StartupSamples;
            while (remaining > 0)
            {
                int chunk = remaining < scratch.Length ? remaining : scratch.Length;
                source.Fill(scratch, 0, chunk);
                if (!Feed(scratch, 0, chunk))
                    return false;
                remaining -= chunk;
            }

            // The tests carry on from here without a reset: the continuous tests see one unbroken stream.
            _startupPassed = true;
            return true;
        }

        private void Latch(HealthTestKind kind, byte sample, int count)
        {
            _failure = kind;
            _failedSample = sample;
            _failedCount = count;
        }
    }
}
