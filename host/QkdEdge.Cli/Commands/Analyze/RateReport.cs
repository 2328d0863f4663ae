using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using QkdEdge.Security.FiniteKey;

namespace QkdEdge.Cli.Commands.Analyze;

/// <summary>The result of <c>qkdedge analyze rate</c>, printed as a table or as one JSON object.</summary>
internal sealed record RateReport(
    double Chsh,
    double Qber,
    long Rounds,
    double AsymptoticRate,
    double AsymptoticRateRaw,
    long FiniteKeyLength,
    double FiniteKeyRatePerRound,
    bool Abort,
    string AbortReason,
    string Analysis,
    double TestFraction,
    double ThresholdWinProbability,
    double ChshTolerance,
    long RequiredWins,
    double MaxErrorRate,
    double KeyTolerance,
    double LeakBits,
    bool LeakMeasured,
    double Soundness,
    double Completeness,
    RateTerms Terms)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void WriteTable(TextWriter output)
    {
        string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
        output.WriteLine($"CHSH S                          {F(Chsh)}");
        output.WriteLine($"error rate Q                    {F(Qber)}");
        output.WriteLine($"rounds n                        {Rounds.ToString(CultureInfo.InvariantCulture)}");
        output.WriteLine($"asymptotic rate (per key round) {F(AsymptoticRate)}   (collective attacks; raw {F(AsymptoticRateRaw)})");
        output.WriteLine($"finite-key length (bits)        {FiniteKeyLength.ToString(CultureInfo.InvariantCulture)}{(Abort ? $"   (no key: {AbortReason})" : string.Empty)}");
        output.WriteLine($"finite-key rate (per round)     {F(FiniteKeyRatePerRound)}");
        output.WriteLine($"analysis                        {Analysis}");
        output.WriteLine($"test fraction gamma             {F(TestFraction)}");
        output.WriteLine($"CHSH threshold p_thr            {F(ThresholdWinProbability)}   (tolerance eta_chsh {F(ChshTolerance)}; abort below {RequiredWins.ToString(CultureInfo.InvariantCulture)} wins)");
        output.WriteLine($"max key error rate              {F(MaxErrorRate)}   (tolerance eta_key {F(KeyTolerance)})");
        output.WriteLine($"leak (bits)                     {F(LeakBits)}{(LeakMeasured ? "   (given)" : "   (estimated)")}");
        output.WriteLine($"soundness / completeness        {F(Soundness)} / {F(Completeness)}");
        output.WriteLine("terms (bits):");
        output.WriteLine($"  n f(p_thr)                    {F(Terms.AccumulatedEntropy)}   (p_t {F(Terms.TradeoffPoint)}, alpha {F(Terms.RenyiOrder ?? double.NaN)})");
        output.WriteLine($"  - EAT second order            {F(Terms.SecondOrder)}");
        output.WriteLine($"  - smoothing / conditioning    {F(Terms.Smoothing)}");
        output.WriteLine($"  - higher order (K_alpha)      {F(Terms.HigherOrder)}");
        output.WriteLine($"  - Bob's test outputs          {F(Terms.TestOutputs + Terms.TestOutputsSecondOrder)}");
        output.WriteLine($"  - chain rule                  {F(Terms.ChainRule)}");
        output.WriteLine($"  = min-entropy                 {F(Terms.MinEntropy)}");
        output.WriteLine($"  - leak                        {F(LeakBits)}");
        output.WriteLine($"  - privacy amplification       {F(Terms.PrivacyAmplification)}");
        output.WriteLine($"  = key length (real)           {F(Terms.KeyLengthReal)}");
    }
}

/// <summary>The terms of the key-length bound (see <see cref="KeyLengthBreakdown"/>).</summary>
internal sealed record RateTerms(
    double TradeoffPoint,
    double? RenyiOrder,
    double TradeoffShift,
    double MinTradeoffValue,
    double AccumulatedEntropy,
    double SecondOrder,
    double Smoothing,
    double HigherOrder,
    double TestOutputs,
    double TestOutputsSecondOrder,
    double ChainRule,
    double MinEntropy,
    double PrivacyAmplification,
    double KeyLengthReal)
{
    public static RateTerms From(KeyLengthBreakdown? b) => b is null
        ? new RateTerms(double.NaN, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, double.NegativeInfinity)
        : new RateTerms(
            b.TradeoffPoint, double.IsNaN(b.RenyiOrder) ? null : b.RenyiOrder, b.TradeoffShift, b.MinTradeoffValue, b.AccumulatedEntropyBits,
            b.SecondOrderBits, b.SmoothingBits, b.HigherOrderBits, b.TestOutputBits, b.TestOutputSecondOrderBits, b.ChainRuleBits,
            b.MinEntropyBits, b.PrivacyAmplificationBits, b.KeyLengthReal);
}
