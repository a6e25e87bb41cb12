using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using LossGen.Analyzers.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LossGen.Analyzers.Tests;

/// <summary>Source text for test compilations: [Loss] declarations with an implementation part, so they compile without the generator.</summary>
internal static class Src
{
    /// <summary>
    /// src/LossGen.Runtime/Attributes.cs (embedded at build time), as a block namespace so that it can follow the
    /// test's own code in the same file without moving its line numbers.
    /// </summary>
    public static readonly string Attributes = LoadAttributes();

    private static string LoadAttributes()
    {
        using var stream = typeof(Src).Assembly.GetManifestResourceStream("LossGen.Attributes.cs")!;
        using var reader = new System.IO.StreamReader(stream);
        string text = reader.ReadToEnd();
        return "\n" + text.Replace("namespace LossGen;", "namespace LossGen\n{\nusing System;\n") + "\n}\n";
    }

    public static string File(params string[] members) => $$"""
        using System;
        using System.Numerics.Tensors;
        using LossGen;

        public static partial class Losses
        {
        {{string.Join("\n", members)}}
        }
        """ + Attributes;

    /// <summary>A [Loss] method (the formula may contain diagnostic markup) and its implementation part.</summary>
    public static string Loss(string formula, string parameters, string type = "float", string name = "L")
    {
        string plain = string.Join(", ", SplitParameters(parameters).Select(StripDecorations));
        return $"""
                [Loss("{formula}")]
                public static partial {type} {name}({parameters});
                public static partial {type} {name}({plain}) => 0;
            """;
    }

    /// <summary>A single-loss file.</summary>
    public static string One(string formula, string parameters, string type = "float") => File(Loss(formula, parameters, type));

    private static string[] SplitParameters(string parameters) => parameters.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();

    private static string StripDecorations(string parameter)
    {
        string p = Regex.Replace(parameter, @"\[[^\]]*\]\s*", "");
        int eq = p.IndexOf('=');
        return (eq >= 0 ? p.Substring(0, eq) : p).Trim();
    }
}

internal static class Verify
{
    public static Task Analyzer(string source, params DiagnosticResult[] expected) => Analyzer<LossFormulaAnalyzer>(source, expected);

    public static async Task Analyzer<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = TestReferences.None };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Runs a code fix (chosen by equivalence key) to completion, and as Fix All.</summary>
    public static async Task Fix(string source, string fixedSource, string equivalenceKey, string? batchFixedSource = null, int? iterations = null)
    {
        var test = new CSharpCodeFixTest<LossFormulaAnalyzer, LossFormulaCodeFixProvider, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.None,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        if (batchFixedSource is not null) test.BatchFixedCode = batchFixedSource;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.BatchFixedState.MarkupHandling = MarkupMode.Allow;
        if (iterations is int n)
        {
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllIterations = 1;
        }
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        test.BatchFixedState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
    }
}
