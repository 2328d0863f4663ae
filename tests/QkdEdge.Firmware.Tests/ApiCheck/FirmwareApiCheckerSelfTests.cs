namespace QkdEdge.Firmware.Tests.ApiCheck;

/// <summary>The checker must catch what it is there to catch; these feed it known violations.</summary>
public sealed class FirmwareApiCheckerSelfTests
{
    private static readonly FirmwareApiChecker Checker =
        new(NanoFrameworkApiList.Load(RepositoryLayout.NanoFrameworkApiFolder));

    [Fact]
    public void CheckSources_WhenSnippetUsesGenericList_ReportsIt()
    {
        var result = Checker.CheckSources("""
            class Snippet
            {
                int M()
                {
                    var list = new System.Collections.Generic.List<int>();
                    list.Add(1);
                    return list.Count;
                }
            }
            """);

        Assert.Empty(result.CompilationErrors);
        Assert.Contains(result.Violations, v => v.Subject == "T:System.Collections.Generic.List`1");
        Assert.Contains(result.Violations, v => v.Subject == "M:System.Collections.Generic.List`1.Add(`0)");
        Assert.Contains(result.Violations, v => v.Subject == "generic type argument");
    }

    [Fact]
    public void CheckSources_WhenSnippetCallsFormatWithOneObject_ReportsTheMissingOverload()
    {
        var result = Checker.CheckSources("""
            class Snippet
            {
                string M(int x) { return string.Format("{0}", x); }
            }
            """);

        Assert.Empty(result.CompilationErrors);
        var violation = Assert.Single(result.Violations, v => v.Subject == "M:System.String.Format(System.String,System.Object)");
        Assert.Contains("M:System.String.Format(System.String,System.Object[])", violation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSources_WhenSnippetUsesOnlyListedApi_ReportsNothing()
    {
        var result = Checker.CheckSources("""
            class Snippet
            {
                int M(byte[] data)
                {
                    System.Array.Clear(data, 0, data.Length);
                    return System.Math.Max(data.Length, 1);
                }
            }
            """);

        Assert.Empty(result.CompilationErrors);
        Assert.Empty(result.Violations);
        Assert.Contains("M:System.Array.Clear(System.Array,System.Int32,System.Int32)", result.CheckedIds);
    }

    [Theory]
    [InlineData("class S { System.Func<int, int> f; }", "T:System.Func`2")]
    [InlineData("class S { int? x; }", "nullable value type (T?)")]
    [InlineData("class S { object o = new object(); void M() { lock (o) { } } }", "lock")]
    [InlineData("class S { string M(int x) { return $\"{x}\"; } }", "interpolated string")]
    [InlineData("class S { decimal d; }", "decimal")]
    [InlineData("class S { System.Collections.IEnumerable M() { yield return 1; } }", "iterator (yield)")]
    [InlineData("class S { long M(long x) { return System.Math.Abs(x); } }", "M:System.Math.Abs(System.Int64)")]
    [InlineData("class S { bool M(System.Threading.AutoResetEvent e) { return e.WaitOne(5); } }", "M:System.Threading.WaitHandle.WaitOne(System.Int32)")]
    public void CheckSources_WhenSnippetUsesMissingApiOrFeature_ReportsIt(string source, string expectedSubject)
    {
        var result = Checker.CheckSources(source);

        Assert.Contains(result.Violations, v => v.Subject == expectedSubject);
    }

    [Fact]
    public void CheckSources_WhenAValueIsConvertedImplicitly_LooksUpTheConversionOperator()
    {
        // No syntax names PinValue's bool conversion; the checker must still find and check it.
        var result = Checker.CheckSources("""
            class Snippet
            {
                void M(System.Device.Gpio.GpioController gpio) { gpio.Write(4, true); }
            }
            """);

        Assert.Empty(result.CompilationErrors);
        Assert.Contains("M:System.Device.Gpio.PinValue.op_Implicit(System.Boolean)~System.Device.Gpio.PinValue", result.CheckedIds);
        Assert.Empty(result.Violations);
    }

    [Fact]
    public void CheckSources_WhenMemberIsDeclaredOnDesktopOnlyBaseClass_AcceptsItOnTheReceiverType()
    {
        // Desktop SerialPort.Dispose() is Component.Dispose(); nanoFramework declares SerialPort.Dispose.
        var result = Checker.CheckSources("""
            class Snippet
            {
                void M(System.IO.Ports.SerialPort port) { port.Dispose(); }
            }
            """);

        Assert.DoesNotContain(result.Violations, v => v.Subject.Contains("Dispose", StringComparison.Ordinal));
    }
}
