using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using LossGen.Tests.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace LossGen.Tests.Differential;

/// <summary>
/// The arguments of one call of a fuzzed loss, and its outputs. The compiled wrappers read and write these arrays
/// (as float for a float method: the inputs are float-representable by construction).
/// </summary>
public sealed class FuzzCall
{
    public double[] Y = [], U = [], P = [], Z = [], W = [], Q = [], C = [];
    public int[] T = [];
    public int Rows, Cols;
    public double H, K;
    public double[] DU = [], DP = [], DZ = [], DW = [], Losses = [];

    /// <summary>The Hessian diagonal outputs of NameWithHessian, beside the gradient outputs it also writes.</summary>
    public double[] HU = [], HP = [], HZ = [], HW = [];

    public FuzzCall CloneInputs() => new()
    {
        Y = Y, U = (double[])U.Clone(), P = (double[])P.Clone(), Z = (double[])Z.Clone(), W = (double[])W.Clone(), Q = Q, C = C, T = T,
        Rows = Rows, Cols = Cols, H = H, K = K,
    };
}

/// <summary>The one parameter list every fuzzed formula is declared with, and the siblings it may call.</summary>
internal static class FuzzSignature
{
    public static string Parameters(string t) =>
        $"[Target] ReadOnlySpan<{t}> y, ReadOnlySpan<{t}> u, [Probabilities] ReadOnlySpan<{t}> p, [Logits] ReadOnlyTensorSpan<{t}> z, " +
        $"ReadOnlyTensorSpan<{t}> w, [Target] ReadOnlyTensorSpan<{t}> q, ReadOnlySpan<int> t, [Target] ReadOnlySpan<{t}> c, {t} h, {t} k = 0.5{(t == "float" ? "f" : "")}";

    public static readonly ImmutableArray<RefParam> RefParameters =
    [
        new("y", ParamKind.Vector), new("u", ParamKind.Vector), new("p", ParamKind.Vector), new("z", ParamKind.Matrix),
        new("w", ParamKind.Matrix), new("q", ParamKind.Matrix), new("t", ParamKind.Labels), new("c", ParamKind.Vector),
        new("h", ParamKind.Scalar), new("k", ParamKind.Scalar, 0.5),
    ];

    /// <summary>Differentiable inputs, in the order of the gradient outputs.</summary>
    public static readonly string[] Differentiable = ["u", "p", "z", "w"];

    public static readonly Dictionary<string, RefLoss> Siblings = new()
    {
        ["Sq"] = new RefLoss("Sq", "mean((yhat - y)^2) * s", [new("y", ParamKind.Vector), new("yhat", ParamKind.Vector), new("s", ParamKind.Scalar, 2)]),
        ["Ce"] = new RefLoss("Ce", "mean(logsumexp(z, dim: 1) - pick(z, t))", [new("z", ParamKind.Matrix), new("t", ParamKind.Labels)]),
    };

    public static string SiblingDeclarations(string t) =>
        $"    [Loss(\"mean((yhat - y)^2) * s\")] public static partial {t} Sq([Target] ReadOnlySpan<{t}> y, ReadOnlySpan<{t}> yhat, {t} s = 2);\n" +
        $"    [Loss(\"mean(logsumexp(z, dim: 1) - pick(z, t))\")] public static partial {t} Ce([Logits] ReadOnlyTensorSpan<{t}> z, ReadOnlySpan<int> t);\n";
}

/// <summary>A fuzzed formula and the element type of its method.</summary>
internal sealed record FuzzCase(string Formula, bool IsDouble);

/// <summary>What the generator made of one formula of a batch: its entry points, or the LG errors it reported.</summary>
internal sealed class CompiledFormula
{
    public required FuzzCase Case { get; init; }
    public IReadOnlyList<Diagnostic> Errors { get; init; } = [];
    public Func<FuzzCall, double>? Loss { get; init; }
    public Func<FuzzCall, double>? WithGradient { get; init; }
    public Action<FuzzCall>? PerSample { get; init; }

    /// <summary>NameWithHessian: returns the loss, writes DU..DW and HU..HW (null when the generator made none).</summary>
    public Func<FuzzCall, double>? WithHessian { get; init; }
}

/// <summary>
/// Compiles a batch of formulas into one real assembly in-process: the LossGen generator through Roslyn's
/// GeneratorDriver, then a Release compilation with small wrappers that turn <see cref="FuzzCall"/> arrays into spans
/// and tensor spans, loaded into a collectible AssemblyLoadContext (unloaded with the batch).
/// </summary>
internal sealed class CompiledBatch : IDisposable
{
    private readonly AssemblyLoadContext? _context;

    public IReadOnlyList<CompiledFormula> Formulas { get; }

    /// <summary>Errors of the generated code itself (never expected).</summary>
    public IReadOnlyList<Diagnostic> OutputErrors { get; }

    private CompiledBatch(IReadOnlyList<CompiledFormula> formulas, IReadOnlyList<Diagnostic> outputErrors, AssemblyLoadContext? context)
    {
        Formulas = formulas;
        OutputErrors = outputErrors;
        _context = context;
    }

    public void Dispose() => _context?.Unload();

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    [
        .. GeneratorHarness.Compilation().References,
        MetadataReference.CreateFromFile(typeof(FuzzCall).Assembly.Location),
    ]);

    public static CompiledBatch Compile(IReadOnlyList<FuzzCase> cases)
    {
        var source = new StringBuilder(GeneratorHarness.Usings);
        var spans = new (int Start, int End)[cases.Count];
        foreach (bool isDouble in new[] { true, false })
        {
            string t = isDouble ? "double" : "float";
            source.Append($"public static partial class {(isDouble ? "FD" : "FF")}\n{{\n").Append(FuzzSignature.SiblingDeclarations(t));
            for (int i = 0; i < cases.Count; i++)
            {
                if (cases[i].IsDouble != isDouble) continue;
                source.Append("    [Loss(");
                int start = source.Length;
                source.Append('"').Append(cases[i].Formula).Append('"');
                spans[i] = (start, source.Length);
                source.Append($")] public static partial {t} M{i}({FuzzSignature.Parameters(t)});\n");
            }
            source.Append("}\n");
        }

        CSharpCompilation compilation = CSharpCompilation.Create(
            "Fuzz" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source.ToString(), GeneratorHarness.ParseOptions, path: "Formulas.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorDriverRunResult run = driver.GetRunResult();
        if (run.Results.Single().Exception is Exception thrown) throw new InvalidOperationException("the generator threw", thrown);
        string generated = string.Concat(run.GeneratedTrees.Select(tree => tree.ToString()));

        var wrappers = new StringBuilder(GeneratorHarness.Usings).Append("public static class Calls\n{\n");
        var accepted = new List<int>();
        var hasPerSample = new HashSet<int>();
        var hasHessian = new HashSet<int>();
        for (int i = 0; i < cases.Count; i++)
        {
            if (!generated.Contains($" M{i}WithGradient(", StringComparison.Ordinal)) continue;
            accepted.Add(i);
            bool perSample = generated.Contains($" M{i}PerSample(", StringComparison.Ordinal);
            if (perSample) hasPerSample.Add(i);
            bool hessian = generated.Contains($" M{i}WithHessian(", StringComparison.Ordinal);
            if (hessian) hasHessian.Add(i);
            Wrappers(wrappers, i, cases[i].IsDouble, perSample, hessian);
        }
        wrappers.Append("}\n");
        output = output.AddSyntaxTrees(CSharpSyntaxTree.ParseText(wrappers.ToString(), GeneratorHarness.ParseOptions, path: "Calls.cs"));

        var formulaErrors = run.Diagnostics.Concat(run.Results.Single().Diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        using var stream = new MemoryStream();
        EmitResult emitted = output.Emit(stream);
        var outputErrors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        AssemblyLoadContext? context = null;
        Type? calls = null;
        if (emitted.Success)
        {
            context = new AssemblyLoadContext("fuzz batch", isCollectible: true);
            stream.Position = 0;
            calls = context.LoadFromStream(stream).GetType("Calls")!;
        }

        var formulas = new List<CompiledFormula>();
        for (int i = 0; i < cases.Count; i++)
        {
            var errors = formulaErrors.Where(d => d.Location.SourceSpan.Start >= spans[i].Start && d.Location.SourceSpan.End <= spans[i].End).ToList();
            if (calls is null || !accepted.Contains(i))
            {
                formulas.Add(new CompiledFormula { Case = cases[i], Errors = errors });
                continue;
            }
            formulas.Add(new CompiledFormula
            {
                Case = cases[i],
                Errors = errors,
                Loss = calls.GetMethod($"Loss{i}")!.CreateDelegate<Func<FuzzCall, double>>(),
                WithGradient = calls.GetMethod($"Gradient{i}")!.CreateDelegate<Func<FuzzCall, double>>(),
                PerSample = hasPerSample.Contains(i) ? calls.GetMethod($"PerSample{i}")!.CreateDelegate<Action<FuzzCall>>() : null,
                WithHessian = hasHessian.Contains(i) ? calls.GetMethod($"Hessian{i}")!.CreateDelegate<Func<FuzzCall, double>>() : null,
            });
        }
        return new CompiledBatch(formulas, outputErrors, context);
    }

    private static void Wrappers(StringBuilder s, int i, bool isDouble, bool perSample, bool hessian)
    {
        string t = isDouble ? "double" : "float";
        string cls = isDouble ? "FD" : "FF";
        string In(string name) => isDouble ? $"a.{name}" : $"Array.ConvertAll(a.{name}, v => (float)v)";
        string Mat(string name) => $"new ReadOnlyTensorSpan<{t}>({In(name)}, [a.Rows, a.Cols])";
        string args = $"{In("Y")}, {In("U")}, {In("P")}, {Mat("Z")}, {Mat("W")}, {Mat("Q")}, a.T, {In("C")}";
        string scalars = $"({t})a.H, ({t})a.K";
        s.Append($"    public static double Loss{i}(LossGen.Tests.Differential.FuzzCall a) => {cls}.M{i}({args}, {scalars});\n");
        s.Append($"    public static double Gradient{i}(LossGen.Tests.Differential.FuzzCall a)\n    {{\n");
        s.Append($"        var du = new {t}[a.DU.Length]; var dp = new {t}[a.DP.Length]; var dz = new {t}[a.DZ.Length]; var dw = new {t}[a.DW.Length];\n");
        s.Append($"        double loss = {cls}.M{i}WithGradient({args}, du, dp, new TensorSpan<{t}>(dz, [a.Rows, a.Cols]), new TensorSpan<{t}>(dw, [a.Rows, a.Cols]), {scalars});\n");
        s.Append("        for (int j = 0; j < du.Length; j++) a.DU[j] = du[j];\n        for (int j = 0; j < dp.Length; j++) a.DP[j] = dp[j];\n");
        s.Append("        for (int j = 0; j < dz.Length; j++) a.DZ[j] = dz[j];\n        for (int j = 0; j < dw.Length; j++) a.DW[j] = dw[j];\n");
        s.Append("        return loss;\n    }\n");
        if (hessian)
        {
            s.Append($"    public static double Hessian{i}(LossGen.Tests.Differential.FuzzCall a)\n    {{\n");
            s.Append($"        var du = new {t}[a.DU.Length]; var dp = new {t}[a.DP.Length]; var dz = new {t}[a.DZ.Length]; var dw = new {t}[a.DW.Length];\n");
            s.Append($"        var hu = new {t}[a.HU.Length]; var hp = new {t}[a.HP.Length]; var hz = new {t}[a.HZ.Length]; var hw = new {t}[a.HW.Length];\n");
            s.Append($"        double loss = {cls}.M{i}WithHessian({args}, du, dp, new TensorSpan<{t}>(dz, [a.Rows, a.Cols]), new TensorSpan<{t}>(dw, [a.Rows, a.Cols]), ");
            s.Append($"hu, hp, new TensorSpan<{t}>(hz, [a.Rows, a.Cols]), new TensorSpan<{t}>(hw, [a.Rows, a.Cols]), {scalars});\n");
            s.Append("        for (int j = 0; j < du.Length; j++) { a.DU[j] = du[j]; a.HU[j] = hu[j]; }\n        for (int j = 0; j < dp.Length; j++) { a.DP[j] = dp[j]; a.HP[j] = hp[j]; }\n");
            s.Append("        for (int j = 0; j < dz.Length; j++) { a.DZ[j] = dz[j]; a.HZ[j] = hz[j]; }\n        for (int j = 0; j < dw.Length; j++) { a.DW[j] = dw[j]; a.HW[j] = hw[j]; }\n");
            s.Append("        return loss;\n    }\n");
        }
        if (perSample)
        {
            s.Append($"    public static void PerSample{i}(LossGen.Tests.Differential.FuzzCall a)\n    {{\n        var losses = new {t}[a.Losses.Length];\n");
            s.Append($"        {cls}.M{i}PerSample({args}, {scalars}, losses);\n        for (int j = 0; j < losses.Length; j++) a.Losses[j] = losses[j];\n    }}\n");
        }
    }
}
