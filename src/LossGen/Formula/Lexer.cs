using System.Collections.Generic;
using System.Globalization;

namespace LossGen.Formula;

internal enum TokenKind
{
    Number, Identifier,
    Plus, Minus, Star, Slash, Caret,
    OpenParen, CloseParen, OpenBracket, CloseBracket, Comma, Colon, Semicolon, Assign, Dot,
    Less, LessEqual, Greater, GreaterEqual, EqualEqual, NotEqual,
    AndAnd, OrOr, Bang,
    End,
}

internal readonly record struct Token(TokenKind Kind, Span Span, string Text, double Number = 0);

/// <summary>Splits a formula into tokens. Rejects any character the language does not use, with its location.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            int start = i;
            if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }
            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i])) i++;
                tokens.Add(new Token(TokenKind.Identifier, Span.FromBounds(start, i), text.Substring(start, i - start)));
                continue;
            }
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            (TokenKind kind, int length) = c switch
            {
                '+' => (TokenKind.Plus, 1),
                '-' => (TokenKind.Minus, 1),
                '*' when next == '*' => (TokenKind.Caret, 2),
                '*' => (TokenKind.Star, 1),
                '/' => (TokenKind.Slash, 1),
                '^' => (TokenKind.Caret, 1),
                '(' => (TokenKind.OpenParen, 1),
                ')' => (TokenKind.CloseParen, 1),
                '[' => (TokenKind.OpenBracket, 1),
                ']' => (TokenKind.CloseBracket, 1),
                ',' => (TokenKind.Comma, 1),
                ':' => (TokenKind.Colon, 1),
                ';' => (TokenKind.Semicolon, 1),
                '.' => (TokenKind.Dot, 1),
                '<' when next == '=' => (TokenKind.LessEqual, 2),
                '<' => (TokenKind.Less, 1),
                '>' when next == '=' => (TokenKind.GreaterEqual, 2),
                '>' => (TokenKind.Greater, 1),
                '=' when next == '=' => (TokenKind.EqualEqual, 2),
                '=' => (TokenKind.Assign, 1),
                '!' when next == '=' => (TokenKind.NotEqual, 2),
                '!' => (TokenKind.Bang, 1),
                '&' when next == '&' => (TokenKind.AndAnd, 2),
                '|' when next == '|' => (TokenKind.OrOr, 2),
                _ => (TokenKind.End, 0),
            };
            if (length == 0)
                throw new FormulaException(new FormulaDiagnostic(DiagnosticIds.Syntax,
                    $"Unexpected character {Describe(c)} in the formula", new Span(start, char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1)));
            i += length;
            tokens.Add(new Token(kind, new Span(start, length), text.Substring(start, length)));
        }
        tokens.Add(new Token(TokenKind.End, new Span(text.Length, 0), ""));
        return tokens;
    }

    private static Token ReadNumber(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && char.IsDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.') { i++; while (i < text.Length && char.IsDigit(text[i])) i++; }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int save = i;
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
            if (i < text.Length && char.IsDigit(text[i])) { while (i < text.Length && char.IsDigit(text[i])) i++; }
            else i = save;
        }
        string s = text.Substring(start, i - start);
        var span = Span.FromBounds(start, i);
        if (i < text.Length && IsIdentifierPart(text[i]))
            throw new FormulaException(new FormulaDiagnostic(DiagnosticIds.Syntax,
                $"Malformed number '{s}{text[i]}'", Span.FromBounds(start, i + 1)));
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsInfinity(value))
            throw new FormulaException(new FormulaDiagnostic(DiagnosticIds.Syntax,
                $"The number '{s}' is outside the range of double", span));
        return new Token(TokenKind.Number, span, s, value);
    }

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    private static string Describe(char c) => c switch
    {
        '"' => "'\"' (a quote)",
        '\\' => "'\\' (a backslash)",
        _ when char.IsControl(c) => $"U+{(int)c:X4} (a control character)",
        _ => $"'{c}' (U+{(int)c:X4})",
    };
}
