namespace QkdEdge.Distillation.Measurement;

/// <summary>Where a measured block's rounds come from, a chunk of bit-planes at a time.</summary>
public interface IBlockRoundSource
{
    /// <summary>
    /// True when filling is part of the work measured (reading the stations' archives back); false for a generator
    /// standing in for them, whose time is reported beside the block's and not in it.
    /// </summary>
    bool CountsTowardsBlock { get; }

    /// <summary>Fills <paramref name="buffers"/> with the next <paramref name="rounds"/> rounds and sets its round count.</summary>
    void Fill(RoundPlaneBuffers buffers, int rounds);
}
