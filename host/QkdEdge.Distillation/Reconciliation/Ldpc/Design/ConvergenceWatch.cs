namespace QkdEdge.Distillation.Reconciliation.Ldpc.Design;

/// <summary>
/// When density evolution has decided: decoded once the messages' wrong-sign probability falls below
/// <see cref="DecodedBelow"/>; stuck once it has not fallen by a relative 1e-4 in <see cref="Patience"/> iterations
/// (a fixed point above zero), or after <see cref="MaxIterations"/>. Near the threshold the fall can pause for
/// dozens of iterations before it resumes, which is why patience is not shorter.
/// </summary>
internal struct ConvergenceWatch
{
    public const double DecodedBelow = 1e-9;
    public const int Patience = 40;
    public const int MaxIterations = 3000;

    private double _best;
    private int _sinceBest;
    private int _iterations;

    public ConvergenceWatch()
    {
        _best = double.PositiveInfinity;
    }

    /// <summary>Null while undecided; true once decoded, false once stuck.</summary>
    public bool? Observe(double errorProbability)
    {
        _iterations++;
        if (errorProbability < DecodedBelow)
        {
            return true;
        }

        if (errorProbability < _best * (1 - 1e-4))
        {
            _best = errorProbability;
            _sinceBest = 0;
        }
        else if (++_sinceBest > Patience)
        {
            return false;
        }

        return _iterations >= MaxIterations ? false : null;
    }
}
