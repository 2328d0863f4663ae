using System;

namespace QkdEdge.Firmware.Health
{
    /// <summary>
    /// Cutoffs of the continuous health tests of NIST SP 800-90B (January 2018), section 4.4, from the
    /// standard's own formulas, for a claimed min-entropy H per sample and the false-positive
    /// probability alpha = 2^-20 that section 4.4 recommends. Computed once per configuration, never in
    /// the batch loop. Hand-written because nanoFramework has no statistics library.
    /// </summary>
    public static class HealthTestCutoffs
    {
        /// <summary>-log2(alpha): alpha = 2^-20, the value SP 800-90B section 4.4 recommends.</summary>
        public const int AlphaExponent = 20;

        /// <summary>Adaptive proportion test window for non-binary samples (SP 800-90B section 4.4.2): W = 1024.</summary>
        public const int NonBinaryWindow = 1024;

        /// <summary>Adaptive proportion test window for binary samples (SP 800-90B section 4.4.2): W = 512.</summary>
        public const int BinaryWindow = 512;

        /// <summary>
        /// Repetition count test cutoff, SP 800-90B section 4.4.1: C = 1 + ceil(-log2(alpha) / H).
        /// A run of C identical samples has probability at most 2^(-H (C-1)) &lt;= alpha at entropy H.
        /// </summary>
        public static int RepetitionCount(double minEntropyPerSample, int sampleBits)
        {
            CheckEntropy(minEntropyPerSample, sampleBits);
            return 1 + (int)Math.Ceiling(AlphaExponent / minEntropyPerSample);
        }

        /// <summary>
        /// Adaptive proportion test cutoff, SP 800-90B section 4.4.2:
        /// C = 1 + CRITBINOM(W, 2^-H, 1 - alpha), the smallest count c such that a window's count of its
        /// first value exceeds c - 1 with probability at most alpha. Capped at W (the test cannot trip
        /// beyond it).
        /// </summary>
        public static int AdaptiveProportion(double minEntropyPerSample, int sampleBits, int window)
        {
            CheckEntropy(minEntropyPerSample, sampleBits);
            if (window < 2)
                throw new ArgumentOutOfRangeException("window");
            double p = Math.Pow(2.0, -minEntropyPerSample);
            int cutoff = 1 + CriticalBinomial(window, p, AlphaExponent);
            return cutoff > window ? window : cutoff;
        }

        /// <summary>The window SP 800-90B section 4.4.2 prescribes for samples of <paramref name="sampleBits"/> bits.</summary>
        public static int WindowFor(int sampleBits)
        {
            return sampleBits == 1 ? BinaryWindow : NonBinaryWindow;
        }

        /// <summary>
        /// CRITBINOM(n, p, 1 - 2^-alphaExponent): the smallest k with P(X &lt;= k) &gt;= 1 - alpha for X ~ Bin(n, p),
        /// equivalently the smallest k with upper tail P(X &gt; k) &lt;= alpha. The tail is summed from
        /// k = n downwards with the probability mass function carried in logarithms, so that p^n and
        /// (1-p)^n cannot underflow; the terms added first are the smallest ones.
        /// </summary>
        public static int CriticalBinomial(int n, double p, int alphaExponent)
        {
            if (n < 1)
                throw new ArgumentOutOfRangeException("n");
            if (!(p > 0.0) || p >= 1.0)
                throw new ArgumentOutOfRangeException("p");
            double alpha = Math.Pow(2.0, -alphaExponent);
            double logP = Math.Log(p);
            double logQ = Math.Log(1.0 - p);

            // Invariant: tail = P(X > k) <= alpha and logPmf = log P(X = k).
            int k = n;
            double tail = 0.0;
            double logPmf = n * logP;
            while (k > 0)
            {
                double widerTail = tail + Math.Exp(logPmf);
                if (widerTail > alpha)
                    break;
                tail = widerTail;
                // P(X = k-1) = P(X = k) * k / (n - k + 1) * (1 - p) / p
                logPmf += Math.Log(k) - Math.Log(n - k + 1) + logQ - logP;
                k--;
            }

            return k;
        }

        private static void CheckEntropy(double minEntropyPerSample, int sampleBits)
        {
            if (sampleBits < 1 || sampleBits > 8)
                throw new ArgumentOutOfRangeException("sampleBits");
            if (!(minEntropyPerSample > 0.0) || minEntropyPerSample > sampleBits)
                throw new ArgumentOutOfRangeException("minEntropyPerSample");
        }
    }
}
