using System.Text;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace LossGen.Tests.Generator;

/// <summary>
/// Random and mutated formulas through the real generator. For every formula the generator must not throw, must
/// either emit code that compiles or report an LG error located inside that formula's string, and never both fail;
/// an internal error (LG0006) is a LossGen bug and fails the test.
/// One fixed seed plus one rotating seed (printed, so a failure can be replayed with LOSSGEN_FUZZ_SEED).
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int FormulasPerSeed = 2600;
    private const int Batch = 100;

    private static readonly string[] Seeds =
    [
        "mean((yhat - y)^2)", "mean(softplus(x) - y * x)", "-mean(sum(y2 * log_softmax(z, dim: 1), dim: 1))",
        "mean(logsumexp(z, dim: 1) - pick(z, t))", "pt = where(y == 1, x, 1 - x); -mean(k * (1 - pt)^2 * log(pt))",
        "mean(max(0, norm(z - z2, dim: 1) - 1 + k))", "mean(where(yhat < y, 2, 1) * abs(y - yhat))",
        "sum(clamp(x, 0.1, 0.9) * sigmoid(yhat)) / rows(z)", "mean(sum(softmax(z, dim: 1) * z2, dim: 0))",
        "mean(logsumexp(z, dim: 1) - pick(z, t), where: t != -100)", "wc = per_column(x, z); -mean(pick(z, t), weights: wc[t], where: t != 2)",
        "mean(sum(per_column(yhat) * z2, dim: 1), weights: y)", "sum(abs(y - yhat), where: y > 0) + k",
    ];

    [Fact]
    public void Generator_survives_random_and_mutated_formulas()
    {
        int rotating = int.TryParse(Environment.GetEnvironmentVariable("LOSSGEN_FUZZ_SEED"), out int s) ? s : Environment.TickCount & 0x7fffffff;
        output.WriteLine($"Fuzz seeds: 20261124 (fixed) and {rotating} (rotating; replay with LOSSGEN_FUZZ_SEED={rotating})");
        var stats = new Stats();
        foreach (int seed in new[] { 20261124, rotating })
        {
            var random = new Random(seed);
            var formulas = Enumerable.Range(0, FormulasPerSeed).Select(i => i % 2 == 0 ? Generate(random) : Mutate(random)).ToList();
            for (int b = 0; b < formulas.Count; b += Batch)
                RunBatch(formulas.Skip(b).Take(Batch).ToList(), seed, stats);
        }
        output.WriteLine($"tried {stats.Tried}, accepted {stats.Accepted}, rejected with a located LG error {stats.Rejected}, crashes 0, uncompilable outputs 0");
        Assert.True(stats.Tried >= 5000);
        Assert.True(stats.Accepted > 500, "the grammar should produce many valid formulas");
        Assert.True(stats.Rejected > 500, "the mutations should produce many invalid formulas");
    }

    private sealed class Stats
    {
        public int Tried, Accepted, Rejected;
    }

    private static void RunBatch(List<string> formulas, int seed, Stats stats)
    {
        var source = new StringBuilder(GeneratorHarness.Usings).Append("public static partial class F\n{\n");
        var literalSpans = new List<(int Start, int End)>();
        for (int i = 0; i < formulas.Count; i++)
        {
            source.Append("    [Loss(");
            int start = source.Length;
            source.Append(Literal(formulas[i]));
            literalSpans.Add((start, source.Length));
            source.Append($")] public static partial double M{i}([Target] ReadOnlySpan<double> y, ReadOnlySpan<double> yhat, [Probabilities] ReadOnlySpan<double> x, [Logits] ReadOnlyTensorSpan<double> z, [Target] ReadOnlyTensorSpan<double> z2, [Target] ReadOnlyTensorSpan<double> y2, ReadOnlySpan<int> t, double k = 0.5);\n");
        }
        source.Append("}\n");

        var (result, outputErrors) = GeneratorHarness.Run(source.ToString());
        GeneratorRunResult run = result.Results.Single();
        Assert.True(run.Exception is null, $"seed {seed}: the generator threw {run.Exception}");
        var generatedErrors = outputErrors.Where(e => e.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToList();
        if (generatedErrors.Count != 0)
            Assert.Fail($"seed {seed}: generated code does not compile: {generatedErrors[0]} in\n{generatedErrors[0].Location.SourceTree}");

        for (int i = 0; i < formulas.Count; i++)
        {
            bool generated = run.GeneratedSources.Any(g => g.HintName.Contains($".M{i}.", StringComparison.Ordinal));
            var diagnostics = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceSpan.Start >= literalSpans[i].Start && d.Location.SourceSpan.End <= literalSpans[i].End).ToList();
            stats.Tried++;
            if (generated)
            {
                stats.Accepted++;
                if (diagnostics.Count != 0)
                    Assert.Fail($"seed {seed}: '{formulas[i]}' generated code and also reported {diagnostics[0]}");
            }
            else
            {
                stats.Rejected++;
                if (diagnostics.Any(d => d.Id == "LG0006"))
                    Assert.Fail($"seed {seed}: '{formulas[i]}' hit an internal error in LossGen: {diagnostics.First(d => d.Id == "LG0006").GetMessage()}");
                if (!(diagnostics.Count == 1 && diagnostics[0].Id.StartsWith("LG000", StringComparison.Ordinal) && diagnostics[0].Severity == DiagnosticSeverity.Error))
                    Assert.Fail($"seed {seed}: '{formulas[i]}' was rejected without one LG error inside its string (got {diagnostics.Count}: {string.Join("; ", result.Diagnostics.Select(d => d.ToString()).Take(3))})");
            }
        }
        Assert.Equal(formulas.Count, result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error) + run.GeneratedSources.Length);
        // Loops that stay scalar say why, located inside a formula string, as information only.
        Assert.All(result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error), d => Assert.Equal("LG0005", d.Id));
    }

    private static string Generate(Random r)
    {
        string e = Expr(r, 4);
        return r.Next(3) switch
        {
            0 => $"mean({e})",
            1 => $"sum({e}, dim: {r.Next(2)})",
            _ => r.Next(2) == 0 ? $"a = {Expr(r, 2)}; -mean({e} + a)" : e,
        };
    }

    private static readonly string[] Atoms = ["y", "yhat", "x", "z", "z2", "y2", "k", "1", "0.5", "2", "1e-7", "rows(z)", "cols(z)", "pick(z, t)", "x[t]"];
    private static readonly string[] Unary = ["abs", "exp", "log", "log1p", "expm1", "sqrt", "sigmoid", "log_sigmoid", "softplus", "tanh", "cosh", "relu"];
    private static readonly string[] Reductions = ["sum", "mean", "max", "min", "logsumexp", "norm"];

    private static string Expr(Random r, int depth)
    {
        if (depth == 0 || r.Next(4) == 0) return Atoms[r.Next(Atoms.Length)];
        string A() => Expr(r, depth - 1);
        return r.Next(11) switch
        {
            9 => r.Next(2) == 0
                ? $"{(r.Next(2) == 0 ? "sum" : "mean")}({A()}, where: {A()} {new[] { "<", "!=" }[r.Next(2)]} {A()}{(r.Next(2) == 0 ? ", dim: 1" : "")})"
                : $"mean({A()}, weights: {A()}{(r.Next(2) == 0 ? ", where: t != -100" : "")})",
            10 => r.Next(2) == 0 ? $"per_column({A()}) * {A()}" : $"per_column({A()}, z)[t]",
            0 => $"{A()} {"+-*/"[r.Next(4)]} {A()}",
            1 => $"{Unary[r.Next(Unary.Length)]}({A()})",
            2 => $"({A()})^{r.Next(4)}",
            3 => $"-{A()}",
            4 => $"where({A()} {new[] { "<", ">=", "==", "!=" }[r.Next(4)]} {A()}, {A()}, {A()})",
            5 => r.Next(2) == 0 ? $"{Reductions[r.Next(Reductions.Length)]}({A()}, dim: {r.Next(2)})" : $"{Reductions[r.Next(Reductions.Length)]}({A()})",
            6 => $"{(r.Next(2) == 0 ? "softmax" : "log_softmax")}({A()}, dim: 1)",
            7 => $"{(r.Next(2) == 0 ? "max" : "min")}({A()}, {A()})",
            _ => $"clamp({A()}, {A()}, {A()})",
        };
    }

    private static readonly string Noise = "()[],;:=+-*/^<>!.e0123456789 _\"\\\t\u0001é∂xyzkt";

    private static string Mutate(Random r)
    {
        var s = new StringBuilder(Seeds[r.Next(Seeds.Length)]);
        int edits = 1 + r.Next(3);
        for (int e = 0; e < edits; e++)
        {
            int at = r.Next(s.Length + 1);
            switch (r.Next(4))
            {
                case 0 when s.Length > 0 && at < s.Length: s.Remove(at, 1); break;
                case 1: s.Insert(at, Noise[r.Next(Noise.Length)]); break;
                case 2 when s.Length > 2:
                {
                    int from = r.Next(s.Length - 1);
                    s.Insert(at, s.ToString(from, 1 + r.Next(Math.Min(5, s.Length - from - 1))));
                    break;
                }
                default: if (at < s.Length) s[at] = Noise[r.Next(Noise.Length)]; break;
            }
        }
        return s.ToString();
    }

    /// <summary>A C# regular string literal for any text, escaping quotes, backslashes and control characters.</summary>
    private static string Literal(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c == '"') sb.Append("\\\"");
            else if (c == '\\') sb.Append("\\\\");
            else if (char.IsControl(c)) sb.Append($"\\u{(int)c:X4}");
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
