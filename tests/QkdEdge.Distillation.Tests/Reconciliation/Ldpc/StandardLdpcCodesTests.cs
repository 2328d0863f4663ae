using QkdEdge.Distillation.Reconciliation.Ldpc;

namespace QkdEdge.Distillation.Tests.Reconciliation.Ldpc;

public class StandardLdpcCodesTests
{
    [Fact]
    public void Family_WhenLifted_HasNoCycleOfDegreeTwoBits()
    {
        // Bits of degree 2 that close a cycle through their checks form a codeword of that cycle's length: a decoder
        // can converge to a wrong word that differs only there, and verification then discards the whole block.
        // The staircase alone forms paths; a published degree profile with more degree-2 columns than base rows
        // minus one would close cycles. Checked on every code of the family at circulants of 64, joining the two
        // checks of each degree-2 bit in a union-find: a bit whose checks are already joined closes a cycle.
        var family = TestCodes.SmallFamily;
        for (int c = 0; c < family.Count; c++)
        {
            var code = family.Code(c);
            var checksOfBit = new List<int>[code.BlockLength];
            var checks = code.ExpandChecks();
            for (int check = 0; check < checks.Length; check++)
            {
                foreach (int bit in checks[check])
                {
                    (checksOfBit[bit] ??= []).Add(check);
                }
            }

            var parent = Enumerable.Range(0, code.CheckCount).ToArray();
            int Root(int x)
            {
                while (parent[x] != x)
                {
                    x = parent[x] = parent[parent[x]];
                }

                return x;
            }

            int degreeTwoBits = 0;
            foreach (var bitChecks in checksOfBit)
            {
                if (bitChecks is not { Count: 2 })
                {
                    continue;
                }

                degreeTwoBits++;
                int a = Root(bitChecks[0]);
                int b = Root(bitChecks[1]);
                Assert.NotEqual(a, b);
                parent[a] = b;
            }

            Assert.True(degreeTwoBits > 0);
        }
    }
}
