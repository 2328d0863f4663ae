namespace QkdEdge.Security.FiniteKey;

/// <summary>
/// The key length of one block of the CHSH DI-QKD protocol (AF18/ARV labels: key rounds (x, y) = (0, 2),
/// test rounds with probability gamma) by entropy accumulation. This is what the protocol engine calls once
/// error correction has run and its exact leak is known. The free parameters of the bound (the min-tradeoff
/// point p_t, and for the improved bound the Renyi order alpha and the tradeoff shift) are searched here:
/// the bound holds for every choice, so taking the best one is legitimate and never lengthens the key
/// beyond what the theorem allows.
/// </summary>
public static class FiniteKeyAnalysis
{
    /// <summary>Computes the key length; throws <see cref="ArgumentException"/> for a malformed request.</summary>
    public static KeyLengthResult ComputeKeyLength(KeyLengthRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryComputeKeyLength(request, out var result, out var error))
        {
            ThrowHelper.ThrowArgument(nameof(request), error!);
        }

        return result!;
    }

    /// <summary>
    /// Computes the key length, or returns false with a message naming the bad value. A block that yields
    /// no key is a successful call whose result has <see cref="KeyLengthResult.IsAbort"/> set.
    /// </summary>
    public static bool TryComputeKeyLength(KeyLengthRequest request, out KeyLengthResult? result, out string? error)
    {
        result = null;
        if (request is null)
        {
            error = "the request is missing.";
            return false;
        }

        if (!request.TryValidate(out error))
        {
            return false;
        }

        if (request.ObservedWins is { } wins && wins < request.RequiredWins)
        {
            result = new KeyLengthResult(0, AbortReason.ChshTestFailed, null);
            return true;
        }

        if (request.ThresholdWinProbability <= Chsh.LocalWinProbability)
        {
            result = new KeyLengthResult(0, AbortReason.ThresholdNotAboveLocalBound, null);
            return true;
        }

        // A threshold above cos^2(pi/8) cannot be met by quantum devices; bounding it there is conservative.
        double p = Math.Min(request.ThresholdWinProbability, Chsh.MaxWinProbability);
        var breakdown = Bound(request.Analysis, request.Rounds, request.TestFraction, p, request.Security, request.LeakedBits);
        long length = FloorToLong(breakdown.KeyLengthReal);
        result = new KeyLengthResult(length, length > 0 ? AbortReason.None : AbortReason.KeyLengthNotPositive, breakdown);
        return true;
    }

    internal static KeyLengthBreakdown Bound(EatAnalysis analysis, long n, double gamma, double p, EatSecurityParameters eps, double leak)
    {
        switch (analysis)
        {
            case EatAnalysis.Original:
                return OriginalEatBound.Optimise(n, gamma, p, eps, leak);
            case EatAnalysis.Improved:
                return ImprovedEatBound.Optimise(n, gamma, p, eps, leak);
            case EatAnalysis.ReferenceSheet:
                return ReferenceSheetEat.Optimise(n, gamma, p, eps, leak);
            case EatAnalysis.ReferenceSheetImproved:
                return ReferenceSheetEat.OptimiseImproved(n, gamma, p, eps, leak);
            case EatAnalysis.Best:
                var original = OriginalEatBound.Optimise(n, gamma, p, eps, leak);
                var improved = ImprovedEatBound.Optimise(n, gamma, p, eps, leak);
                return improved.KeyLengthReal >= original.KeyLengthReal ? improved : original;
            default:
                ThrowHelper.ThrowArgument(nameof(analysis), $"unknown analysis {analysis}");
                return null!;
        }
    }

    private static long FloorToLong(double value)
    {
        if (double.IsNaN(value) || value < -1e18)
        {
            return -1_000_000_000_000_000_000;
        }

        return (long)Math.Floor(Math.Min(value, 1e18));
    }
}
