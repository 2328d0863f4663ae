namespace QkdEdge.Distillation.Sifting;

/// <summary>Which implementation a bit-plane operation uses. All of them give identical answers.</summary>
public enum SiftKernel
{
    /// <summary>The fastest the processor supports.</summary>
    Auto,

    /// <summary>64-bit words and the scalar population count; runs everywhere.</summary>
    Scalar,

    /// <summary>256-bit vectors (AVX2); falls back to <see cref="Scalar"/> where AVX2 is absent.</summary>
    Vector256,
}
