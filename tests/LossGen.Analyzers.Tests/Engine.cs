using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using LossGen.Analyzers.Analysis;
using LossGen.Ir;

namespace LossGen.Analyzers.Tests;

/// <summary>Direct access to the formula checker, with declarations written like C# parameter lists.</summary>
internal static class Engine
{
    /// <summary>Parses "[Target] ReadOnlySpan&lt;float&gt; y, float alpha = 0.25f" into the compiler's declaration.</summary>
    public static LossDecl Decl(string formula, string parameters, string name = "L")
    {
        var inputs = new List<InputDecl>();
        foreach (string raw in parameters.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            Role role = raw.Contains("[Target]") ? Role.Target : raw.Contains("[Probabilities]") ? Role.Probabilities : raw.Contains("[Logits]") ? Role.Logits : Role.None;
            string p = Regex.Replace(raw, @"\[[^\]]*\]\s*", "");
            double? defaultValue = null;
            int eq = p.IndexOf('=');
            if (eq >= 0)
            {
                defaultValue = double.Parse(p.Substring(eq + 1).Trim().TrimEnd('f', 'F', 'd', 'D'), CultureInfo.InvariantCulture);
                p = p.Substring(0, eq).Trim();
            }
            int space = p.LastIndexOf(' ');
            string type = p.Substring(0, space).Trim(), id = p.Substring(space + 1).Trim();
            InputKind kind = type switch
            {
                "ReadOnlySpan<int>" => InputKind.Labels,
                _ when type.StartsWith("ReadOnlySpan<", StringComparison.Ordinal) => InputKind.Vector,
                _ when type.StartsWith("ReadOnlyTensorSpan<", StringComparison.Ordinal) => InputKind.Matrix,
                "int" => InputKind.IntScalar,
                _ => InputKind.Scalar,
            };
            inputs.Add(new InputDecl(id, kind, role, defaultValue));
        }
        return new LossDecl(name, formula, inputs);
    }

    public static IReadOnlyList<Finding> Check(string formula, string parameters, bool isDouble = false,
        IReadOnlyDictionary<string, LossDecl>? siblings = null)
        => FormulaChecker.Check(Decl(formula, parameters), siblings ?? new Dictionary<string, LossDecl>(),
            isDouble ? Precision.Double : Precision.Single);

    public static string Describe(IEnumerable<Finding> findings)
        => string.Join("\n", findings.Select(f => $"{f.Id} {(f.Span is { } s ? $"@{s.Start}+{s.Length}" : f.Parameter)}: {f.Message}"));

    /// <summary>Applies the first fix with <paramref name="key"/> until no finding with <paramref name="id"/> offers it (as Fix All does).</summary>
    public static string FixAll(string formula, string parameters, string id, string key, bool isDouble = false)
    {
        for (int i = 0; i < 32; i++)
        {
            Finding? f = Check(formula, parameters, isDouble).FirstOrDefault(x => x.Id == id && x.Fixes.Any(k => k.Key == key));
            if (f is null) return formula;
            formula = FormulaEdit.Apply(formula, f.Fixes.First(k => k.Key == key).Edits);
        }
        throw new InvalidOperationException("The fix does not converge: " + formula);
    }

    public static BoundLoss Bind(string formula, string parameters) => Binder.Bind(Decl(formula, parameters));
}
