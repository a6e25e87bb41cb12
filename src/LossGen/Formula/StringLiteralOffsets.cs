using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossGen.Formula;

/// <summary>
/// Maps each character of a string literal's value to its source position, decoding escapes, so that a span inside
/// the formula becomes an exact span in the file. Shared by the generator's diagnostics and the analyzers.
/// </summary>
internal static class StringLiteralOffsets
{
    /// <summary>
    /// Entry k is the source position where value character k starts; the last entry is the end of the value.
    /// Null for anything but a regular, verbatim or single-line raw string literal.
    /// </summary>
    public static int[]? Positions(ExpressionSyntax expression)
    {
        if (expression is not LiteralExpressionSyntax literal) return null;
        SyntaxToken token = literal.Token;
        string text = token.Text;
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
                        // \U beyond the BMP decodes to a surrogate pair: two value characters.
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
        var positions = new int[offsets.Count];
        for (int k = 0; k < offsets.Count; k++) positions[k] = token.SpanStart + offsets[k];
        return positions;
    }

    private static int HexLength(string text, int from, int max)
    {
        int n = 0;
        while (n < max && from + n < text.Length && IsHexDigit(text[from + n])) n++;
        return n;
    }

    private static bool IsHexDigit(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';
}
