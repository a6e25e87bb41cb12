using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace LossGen.Tests.Generator;

/// <summary>
/// The size gate of issue 11: the source generated for a consumer of the seed contract (its 11 declarations in
/// double, plus MSE, BCE-with-logits and sparse cross-entropy in float: 14 losses) must stay within budgets. The
/// budgets are ratchets: they hold the figures reached so far (docs/performance.md, "Size of the generated source"),
/// so the generated code can shrink but not grow back.
/// </summary>
public class GeneratedSizeTests(ITestOutputHelper output)
{
    // Before the readable form (plan/printer split, output byte-identical to before it): 18,436 lines,
    // 1,921,240 bytes, longest line 735. The readable form (short names under using directives in LossGen.Generated)
    // takes 28 % of the bytes off and adds 476 lines of forwarding members and kernel-class headers (18,912 lines,
    // 1,390,507 bytes). The 0·∞-safe power rule (x^k' = 0 at x = 0 for k < 1) adds 193 lines to the focal loss.
    private const int LineBudget = 19_105;
    private const int ByteBudget = 1_408_065;
    private const int LongestLineBudget = 623;

    [Fact]
    public void The_seed_consumer_generates_no_more_than_the_budget()
    {
        var (result, errors) = GeneratorHarness.Run(SeedConsumer());
        Assert.Empty(result.Diagnostics);
        Assert.Empty(errors);

        int files = 0, lines = 0, bytes = 0, longest = 0;
        foreach (SyntaxTree tree in result.GeneratedTrees)
        {
            SourceText text = tree.GetText();
            files++;
            lines += text.Lines.Count;
            bytes += Encoding.UTF8.GetByteCount(text.ToString());
            foreach (TextLine line in text.Lines) longest = Math.Max(longest, line.Span.Length);
        }
        output.WriteLine($"Generated for the 14-loss seed consumer: {files} files, {lines:N0} lines, {bytes:N0} bytes, longest line {longest} characters.");
        output.WriteLine($"Budgets: {LineBudget:N0} lines, {ByteBudget:N0} bytes, longest line {LongestLineBudget}.");

        Assert.Equal(14, files);
        Assert.InRange(lines, 1, LineBudget);
        Assert.InRange(bytes, 1, ByteBudget);
        Assert.InRange(longest, 1, LongestLineBudget);
    }

    /// <summary>SeedLosses.cs's double class as written, plus a float class with MSE, BCE-with-logits and sparse CE.</summary>
    private static string SeedConsumer([CallerFilePath] string here = "")
    {
        string text = File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "SeedLosses.cs")).Replace("\r\n", "\n");
        int start = text.IndexOf("public static partial class SeedLosses\n", StringComparison.Ordinal);
        int floats = text.IndexOf("public static partial class SeedLossesF", StringComparison.Ordinal);
        string doubles = text.Substring(start, text.LastIndexOf('}', floats) + 1 - start);

        var declarations = new StringBuilder();
        string[] lines = text.Substring(floats).Split('\n');
        foreach (string name in new[] { "Mse", "BceLogits", "SparseCe" })
        {
            int at = Array.FindIndex(lines, l => l.Contains(" " + name + "(", StringComparison.Ordinal));
            Assert.True(at > 0, $"SeedLossesF declares {name}.");
            declarations.Append(lines[at - 1]).Append('\n').Append(lines[at]).Append('\n');
        }
        return GeneratorHarness.Usings + "namespace Seed;\n" + doubles + "\npublic static partial class SeedLossesF\n{\n" + declarations + "}\n";
    }
}
