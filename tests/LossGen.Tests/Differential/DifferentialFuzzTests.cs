using System.Diagnostics;
using LossGen.Formula;
using LossGen.Tests.Kernels;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace LossGen.Tests.Differential;

/// <summary>
/// Differential fuzzing of the generated numbers: grammar formulas (well-formed by construction) compiled into real
/// assemblies, run on random inputs, compared with <see cref="ReferenceInterpreter"/>. A fixed seed, plus a rotating
/// one on request (LOSSGEN_FUZZ_ROTATE=1, printed; replay with LOSSGEN_FUZZ_SEED); LOSSGEN_FUZZ_COUNT sets the number of formulas per seed for a long
/// run. With LOSSGEN_FUZZ_DIGEST=path, the fixed seed's returned bits are written to path, or compared with it when
/// it exists: CI runs this test on the default instruction set, then without AVX-512 and without any intrinsics.
/// In the collection that owns the LossParallel settings, since the thread check changes them.
/// </summary>
[Collection(nameof(LossParallelSettings))]
public class DifferentialFuzzTests(ITestOutputHelper output)
{
    private const int FixedSeed = 20261202;
    private const int DefaultFormulasPerSeed = 60;
    private const int DefaultBatch = 60;

    [Fact]
    public void Generated_numbers_agree_with_the_reference_interpreter()
    {
        int perSeed = int.TryParse(Environment.GetEnvironmentVariable("LOSSGEN_FUZZ_COUNT"), out int n) ? n : DefaultFormulasPerSeed;
        // Formulas per compilation (one generator run, one Emit, one load); LOSSGEN_FUZZ_BATCH measures other sizes.
        int batchSize = int.TryParse(Environment.GetEnvironmentVariable("LOSSGEN_FUZZ_BATCH"), out int b) && b > 0 ? b : DefaultBatch;
        // The rotating seed runs on request only (LOSSGEN_FUZZ_SEED=n replays one, LOSSGEN_FUZZ_ROTATE=1 draws one):
        // it still finds the open mismatches listed in docs/robustness.md, and CI must fail on regressions, not on them.
        int? rotating = int.TryParse(Environment.GetEnvironmentVariable("LOSSGEN_FUZZ_SEED"), out int s) ? s
            : Environment.GetEnvironmentVariable("LOSSGEN_FUZZ_ROTATE") == "1" ? Environment.TickCount & 0x7fffffff : null;
        int[] seeds = rotating is int r ? [FixedSeed, r] : [FixedSeed];
        output.WriteLine($"Differential fuzz seeds: {FixedSeed} (fixed){(rotating is int shown ? $" and {shown} (replay with LOSSGEN_FUZZ_SEED={shown})" : "")}, {perSeed} formulas each");
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        int formulas = 0, accepted = 0;
        long compileMs = 0;
        DifferentialRunner? fixedRunner = null;
        foreach (int seed in seeds)
        {
            var random = new Random(seed);
            var runner = new DifferentialRunner(random);
            fixedRunner ??= runner;
            var grammar = new FormulaGrammar(random);
            for (int start = 0; start < perSeed; start += batchSize)
            {
                var cases = new List<(FuzzCase Case, bool UsesMatrix)>();
                for (int i = start; i < Math.Min(perSeed, start + batchSize); i++)
                {
                    string formula = grammar.Formula();
                    cases.Add((new FuzzCase(formula, IsDouble: i % 2 == 0), grammar.UsesMatrix));
                }
                formulas += cases.Count;
                long before = clock.ElapsedMilliseconds;
                using CompiledBatch batch = CompiledBatch.Compile(cases.Select(c => c.Case).ToList());
                compileMs += clock.ElapsedMilliseconds - before;
                Assert.True(batch.OutputErrors.Count == 0, $"seed {seed}: generated code does not compile: {string.Join("\n", batch.OutputErrors.Take(3))}\n{GeneratedErrorContext.Of(batch.OutputErrors)}");
                for (int i = 0; i < cases.Count; i++)
                {
                    CompiledFormula f = batch.Formulas[i];
                    if (f.Loss is null)
                    {
                        failures.Add(Report(seed, cases[i].Case, $"rejected: {string.Join("; ", f.Errors.Select(e => $"{e.Id} {e.GetMessage()}"))}", cases[i].UsesMatrix));
                        continue;
                    }
                    accepted++;
                    foreach (DifferentialRunner.Mismatch m in runner.Run(f, cases[i].UsesMatrix))
                        failures.Add(Report(seed, m.Case, m.What, cases[i].UsesMatrix));
                }
                if (failures.Count >= 3) break;
            }
            output.WriteLine($"seed {seed}: {runner.Calls} calls; {runner.ValueChecks} loss values, {runner.GradientChecks} gradient entries, {runner.PerSampleChecks} per-sample losses, {runner.FiniteDifferenceChecks} finite differences, {runner.HessianChecks} Hessian diagonal entries and {runner.ThreadChecks} thread checks agreed; {runner.Skipped} losses near a kink or out of range compared for nothing");
            if (failures.Count >= 3) break;
        }
        output.WriteLine($"{formulas} formulas, {accepted} accepted, {failures.Count} mismatches, {clock.Elapsed.TotalSeconds:F0} s ({compileMs / 1000.0:F0} s generating and compiling)");
        CompareDigest(fixedRunner!.Digest.ToString());
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private string Report(int seed, FuzzCase c, string what, bool usesMatrix)
    {
        string minimal = Shrinker.Shrink(c, usesMatrix, seed, rejected: what.StartsWith("rejected", StringComparison.Ordinal));
        string text = $"seed {seed}, {(c.IsDouble ? "double" : "float")}: '{c.Formula}': {what}\n  minimal: '{minimal}'";
        output.WriteLine(text);
        return text;
    }

    /// <summary>Writes the fixed seed's bits to LOSSGEN_FUZZ_DIGEST, or compares them with the file written before.</summary>
    private void CompareDigest(string digest)
    {
        string? path = Environment.GetEnvironmentVariable("LOSSGEN_FUZZ_DIGEST");
        if (string.IsNullOrEmpty(path)) return;
        if (!File.Exists(path))
        {
            File.WriteAllText(path, digest);
            output.WriteLine($"wrote {digest.Count(ch => ch == '\n')} result digests to {path}");
            return;
        }
        string[] expected = File.ReadAllLines(path), actual = digest.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Length, actual.Length);
        int differing = expected.Zip(actual).Count(p => p.First != p.Second);
        output.WriteLine($"compared {actual.Length} result digests with {path}: {differing} differ");
        Assert.True(differing == 0, $"{differing} of {actual.Length} results differ in their bits from {path} (first at line {Array.FindIndex(expected, actual.Contains) + 1})");
    }
}

/// <summary>
/// Reduces a failing formula: replaces a subexpression by one of its own subexpressions (or a parameter), drops
/// bindings, and keeps the change whenever the result still fails, until nothing shorter fails.
/// </summary>
internal static class Shrinker
{
    public static string Shrink(FuzzCase failing, bool usesMatrix, int seed, bool rejected)
    {
        string current = failing.Formula;
        for (int round = 0; round < 8; round++)
        {
            var candidates = Candidates(current).Distinct().Where(c => c.Length < current.Length).OrderBy(c => c.Length).Take(60).ToList();
            if (candidates.Count == 0) break;
            using CompiledBatch batch = CompiledBatch.Compile(candidates.Select(c => failing with { Formula = c }).ToList());
            string? smaller = null;
            for (int i = 0; i < candidates.Count && smaller is null; i++)
            {
                CompiledFormula f = batch.Formulas[i];
                // Candidates are not well-formed by construction: a rejected one still fails only when the original
                // was a rejection of the same kind (an internal rank-0 operand), and a mismatch counts only where
                // the reference can evaluate the candidate at all.
                if (f.Loss is null)
                {
                    if (rejected && f.Errors.Any(e => e.Id == "LG0003" && e.GetMessage().Contains("rank 0", StringComparison.Ordinal))) smaller = candidates[i];
                    continue;
                }
                if (rejected) continue;
                try
                {
                    var runner = new DifferentialRunner(new Random(seed));
                    if (runner.Run(f, usesMatrix || candidates[i].Contains('z') || candidates[i].Contains('w') || candidates[i].Contains('q')).Count != 0)
                        smaller = candidates[i];
                }
                catch (InvalidOperationException)
                {
                }
            }
            if (smaller is null) break;
            current = smaller;
        }
        return current;
    }

    private static IEnumerable<string> Candidates(string formula)
    {
        FormulaSyntax syntax;
        try
        {
            syntax = Parser.Parse(formula);
        }
        catch (FormulaException)
        {
            yield break;
        }
        // Drop a binding by inlining its value where it is used is not textual; dropping an unused one is.
        foreach (Binding b in syntax.Bindings)
        {
            int start = formula.IndexOf(b.Name + " = ", StringComparison.Ordinal);
            int end = formula.IndexOf(';', start) + 1;
            string without = formula.Remove(start, end - start).TrimStart();
            if (!without.Contains(b.Name, StringComparison.Ordinal)) yield return without;
        }
        foreach (Expr e in Walk(syntax.Result).Concat(syntax.Bindings.SelectMany(b => Walk(b.Value))))
        {
            foreach (Expr child in Children(e))
                yield return Replace(formula, e.Span, "(" + formula.Substring(child.Span.Start, child.Span.Length) + ")");
            foreach (string atom in new[] { "u", "z", "1", "k" })
                yield return Replace(formula, e.Span, atom);
        }
    }

    private static string Replace(string text, Span span, string with) => text[..span.Start] + with + text[span.End..];

    private static IEnumerable<Expr> Walk(Expr e)
    {
        yield return e;
        foreach (Expr c in Children(e))
            foreach (Expr d in Walk(c)) yield return d;
    }

    private static IEnumerable<Expr> Children(Expr e) => e switch
    {
        NegateExpr n => [n.Operand],
        SumExpr s => s.Terms.Select(t => t.Term),
        ProductExpr p => p.Factors.Select(f => f.Factor),
        PowerExpr p => [p.Base, p.Exponent],
        CallExpr c => c.Arguments.Select(a => a.Value),
        IndexExpr i => [i.Target],
        CompareExpr c => [c.Left, c.Right],
        _ => [],
    };

}

internal static class GeneratedErrorContext
{
    /// <summary>The formula (the generated file's doc comment) and the line of the first compile error, so a failure names what to reproduce.</summary>
    public static string Of(IReadOnlyList<Microsoft.CodeAnalysis.Diagnostic> errors)
    {
        if (errors.Count == 0) return "";
        Microsoft.CodeAnalysis.SyntaxTree? tree = errors[0].Location.SourceTree;
        if (tree is null) return "";
        Microsoft.CodeAnalysis.Text.SourceText text = tree.GetText();
        string formula = string.Join("\n", text.Lines.Select(l => l.ToString()).Where(l => l.Contains("<summary>")).Take(1));
        int line = errors[0].Location.GetLineSpan().StartLinePosition.Line;
        return $"{formula}\nat: {text.Lines[line]}";
    }
}
