using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LossGen.Analyzers.Tests;

/// <summary>
/// Every formula of the shipped catalogue (src/LossGen.Runtime/Losses) raises no stability or role warning. The
/// runtime's build also treats these warnings as errors; this test names the offending loss when one appears.
/// </summary>
public class CatalogueTests
{
    public static TheoryData<string, string, string, bool> Declarations()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach ((string name, string formula, string parameters, bool isDouble) in Read())
            data.Add(name, formula, parameters, isDouble);
        return data;
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Catalogue_formula_raises_no_warning(string name, string formula, string parameters, bool isDouble)
    {
        var findings = Engine.Check(formula, parameters, isDouble);
        Assert.True(findings.Count == 0, $"{name}: {Engine.Describe(findings)}");
    }

    [Fact]
    public void Every_catalogue_file_is_read()
    {
        var all = Read().ToList();
        // 36 losses in float and double; a parsing slip here would make the theory above vacuous.
        Assert.True(all.Count >= 72, $"only {all.Count} declarations found");
        Assert.Equal(all.Count(d => d.IsDouble), all.Count(d => !d.IsDouble));
    }

    private static IEnumerable<(string Name, string Formula, string Parameters, bool IsDouble)> Read([CallerFilePath] string here = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "src", "LossGen.Runtime", "Losses");
        foreach (string file in Directory.GetFiles(folder, "*.cs").OrderBy(f => f, System.StringComparer.Ordinal))
        {
            SyntaxNode root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (MethodDeclarationSyntax m in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                AttributeSyntax? loss = m.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.Name.ToString() == "Loss");
                if (loss?.ArgumentList?.Arguments.FirstOrDefault()?.Expression is not LiteralExpressionSyntax literal) continue;
                string parameters = string.Join(", ", m.ParameterList.Parameters.Select(p => p.ToString()));
                yield return ($"{Path.GetFileNameWithoutExtension(file)}.{m.Identifier.Text}({m.ReturnType})", literal.Token.ValueText, parameters, m.ReturnType.ToString() == "double");
            }
        }
    }
}
