using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LossGen.Generator;

/// <summary>Builds <see cref="FormulaLocationMap"/>s for string literals, decoding escapes so offsets stay exact.</summary>
internal static class FormulaLocations
{
    /// <summary>Returns the map for a regular, verbatim or single-line raw string literal, or null for anything else.</summary>
    public static FormulaLocationMap? Build(ExpressionSyntax expression)
    {
        if (expression is not LiteralExpressionSyntax literal) return null;
        SyntaxToken token = literal.Token;
        string text = token.Text;
        int start = token.SpanStart;
        var offsets = new List<int>();
        switch (token.Kind())
        {
            case SyntaxKind.StringLiteralToken when text.StartsWith("@", System.StringComparison.Ordinal):
                for (int i = 2; i < text.Length - 1; i++)
                {
                    offsets.Add(i);
                    if (text[i] == '"') i++;
                }
                offsets.Add(text.Length - 1);
                break;
            case SyntaxKind.StringLiteralToken:
                for (int i = 1; i < text.Length - 1;)
                {
                    int at = i;
                    int produced = 1;
                    if (text[i] == '\\')
                    {
                        char e = i + 1 < text.Length ? text[i + 1] : '\0';
                        i += e switch { 'x' => HexLength(text, i + 2, 4) + 2, 'u' => 6, 'U' => 10, _ => 2 };
                        if (e == 'U') produced = 2;
                    }
                    else
                    {
                        i++;
                    }
                    for (int p = 0; p < produced; p++) offsets.Add(at);
                }
                offsets.Add(text.Length - 1);
                break;
            case SyntaxKind.SingleLineRawStringLiteralToken:
            {
                int quotes = 0;
                while (quotes < text.Length && text[quotes] == '"') quotes++;
                for (int i = quotes; i <= text.Length - quotes; i++) offsets.Add(i);
                break;
            }
            default:
                return null;
        }
        if (offsets.Count != token.ValueText.Length + 1) return null;
        SourceText source = literal.SyntaxTree.GetText();
        var positions = new int[offsets.Count];
        var lines = new int[offsets.Count];
        var columns = new int[offsets.Count];
        for (int k = 0; k < offsets.Count; k++)
        {
            positions[k] = start + offsets[k];
            LinePosition lp = source.Lines.GetLinePosition(positions[k]);
            lines[k] = lp.Line;
            columns[k] = lp.Character;
        }
        return new FormulaLocationMap(literal.SyntaxTree.FilePath, positions.ToEquatableArray(), lines.ToEquatableArray(), columns.ToEquatableArray());
    }

    private static int HexLength(string text, int from, int max)
    {
        int n = 0;
        while (n < max && from + n < text.Length && Uri.IsHexDigit(text[from + n])) n++;
        return n;
    }

    private static class Uri
    {
        public static bool IsHexDigit(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';
    }
}
