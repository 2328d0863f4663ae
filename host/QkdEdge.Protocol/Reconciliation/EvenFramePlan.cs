using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Protocol.Reconciliation;

/// <summary>
/// Cuts a raw key into frames of nearly equal length instead of full frames and a short remainder.
/// <see cref="ReconciliationPlanner"/> fills frames to the chosen code's best key length and leaves the rest in a
/// short last frame, which it pads up to the code's padding capacity; the library measured such frames failing
/// even with every padding bit revealed, and a frame that fails is dropped from the key and charged in full.
/// Here the key is spread over the same number of frames (one more if rounding to whole words would overfill
/// one), each planned by the planner as a key of its own length, so every frame gets the modulation of a nearly
/// full frame on the same code.
/// </summary>
internal static class EvenFramePlan
{
    public static ReconciliationPlan Plan(LdpcCodeFamily family, long keyBits, double errorRate, ReconciliationOptions options)
    {
        var planned = ReconciliationPlanner.Plan(family, keyBits, errorRate, options);
        if (planned.Frames.Count < 2)
            return planned;

        long longest = planned.Frames[0].KeyBits;
        for (int count = planned.Frames.Count; ; count++)
        {
            // Frames own whole 64-bit words (frames decode in parallel); the last frame takes what is left.
            long length = keyBits / count / 64 * 64;
            long last = keyBits - ((count - 1) * length);
            if (last <= longest)
                return new ReconciliationPlan(keyBits, errorRate, Frames(family, errorRate, options, count, length, last));
        }
    }

    private static List<FramePlan> Frames(LdpcCodeFamily family, double errorRate, ReconciliationOptions options, int count, long length, long last)
    {
        var frames = new List<FramePlan>(count);
        for (int i = 0; i < count; i++)
        {
            long bits = i == count - 1 ? last : length;
            var single = ReconciliationPlanner.Plan(family, bits, errorRate, options).Frames[0];
            frames.Add(single with { Index = i, KeyOffset = i * length });
        }

        return frames;
    }
}
