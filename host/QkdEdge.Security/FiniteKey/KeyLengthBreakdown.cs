namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// Every term of a key-length computation, in bits, for provenance. Penalties are positive numbers that were
/// subtracted. MinEntropyBits = AccumulatedEntropyBits - SecondOrderBits - SmoothingBits - HigherOrderBits
/// - TestOutputBits - TestOutputSecondOrderBits - ChainRuleBits; KeyLengthReal = MinEntropyBits - LeakedBits
/// - PrivacyAmplificationBits.
/// </summary>
/// <param name="Analysis">The bound that produced these numbers.</param>
/// <param name="Rounds">n.</param>
/// <param name="TestFraction">gamma.</param>
/// <param name="ThresholdWinProbability">p_thr (clamped to cos^2(pi/8)).</param>
/// <param name="TradeoffPoint">p_t: where the min-tradeoff function touches g (chosen by the search).</param>
/// <param name="RenyiOrder">alpha of the improved bound (NaN for the original bound).</param>
/// <param name="TradeoffShift">v: value shift of the affine min-tradeoff function onto key rounds (improved bound; 0 otherwise).</param>
/// <param name="MinTradeoffValue">f(p_thr): certified entropy per round before penalties.</param>
/// <param name="AccumulatedEntropyBits">n f(p_thr).</param>
/// <param name="SecondOrderBits">sqrt(n) v1 (original) or n (alpha-1)/(2-alpha) (ln2/2) V^2 (improved).</param>
/// <param name="SmoothingBits">(g(eps) + alpha log(1/eps_EA))/(alpha-1) (improved bound; in the original bound this sits inside v1).</param>
/// <param name="HigherOrderBits">n ((alpha-1)/(2-alpha))^2 K_alpha (improved bound).</param>
/// <param name="TestOutputBits">gamma n: Bob's test-round outputs, at most one bit per test round.</param>
/// <param name="TestOutputSecondOrderBits">sqrt(n) 2 log 7 sqrt(1 - 2 log(...)): second-order term of that max-entropy bound.</param>
/// <param name="ChainRuleBits">-3 log(1 - sqrt(1 - (eps_s/4)^2)): smoothing cost of the chain rule.</param>
/// <param name="MinEntropyBits">Lower bound on the smooth min-entropy of Alice's string given Eve.</param>
/// <param name="LeakedBits">leak_EC.</param>
/// <param name="PrivacyAmplificationBits">2 log(1/eps_PA).</param>
/// <param name="KeyLengthReal">The bound before taking the floor.</param>
public sealed record KeyLengthBreakdown(
    EatAnalysis Analysis,
    long Rounds,
    double TestFraction,
    double ThresholdWinProbability,
    double TradeoffPoint,
    double RenyiOrder,
    double TradeoffShift,
    double MinTradeoffValue,
    double AccumulatedEntropyBits,
    double SecondOrderBits,
    double SmoothingBits,
    double HigherOrderBits,
    double TestOutputBits,
    double TestOutputSecondOrderBits,
    double ChainRuleBits,
    double MinEntropyBits,
    double LeakedBits,
    double PrivacyAmplificationBits,
    double KeyLengthReal);
