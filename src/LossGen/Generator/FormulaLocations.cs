using LossGen.Formula;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LossGen.Generator;

/// <summary>Builds <see cref="FormulaLocationMap"/>s: exact source positions (and line/column) for formula offsets.</summary>
internal static class FormulaLocations
{
    /// <summary>Returns the map for a regular, verbatim or single-line raw string literal, or null for anything else.</summary>
    public static FormulaLocationMap? Build(ExpressionSyntax expression)
    {
        int[]? positions = StringLiteralOffsets.Positions(expression);
        if (positions is null) return null;
        SourceText source = expression.SyntaxTree.GetText();
        var lines = new int[positions.Length];
        var columns = new int[positions.Length];
        for (int k = 0; k < positions.Length; k++)
        {
            LinePosition lp = source.Lines.GetLinePosition(positions[k]);
            lines[k] = lp.Line;
            columns[k] = lp.Character;
        }
        return new FormulaLocationMap(expression.SyntaxTree.FilePath, positions.ToEquatableArray(), lines.ToEquatableArray(), columns.ToEquatableArray());
    }
}
