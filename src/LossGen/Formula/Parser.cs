using System.Collections.Generic;
using System.Collections.Immutable;

namespace LossGen.Formula;

/// <summary>
/// Recursive-descent parser for the formula language. Grammar, loosest binding first:
/// <code>
/// formula  := (name '=' expr ';')* expr ';'?
/// expr     := sum (('&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '!=') sum)?
/// sum      := product (('+' | '-') product)*
/// product  := unary (('*' | '/') unary)*
/// unary    := ('-' | '+')* power              -x^2 is -(x^2)
/// power    := postfix ('^' unary)?            right-associative
/// postfix  := primary ('[' expr ']')*
/// primary  := number | name | qualified '(' args ')' | '(' expr ')'
/// qualified := name ('.' name)*               Type.Method or Namespace.Type.Method: a [Loss] method of another type
/// args     := arg (',' arg)*;  arg := (name ':')? expr
/// </code>
/// Sums and products stay flat, so a formula of many terms is a shallow tree; nesting (parentheses, calls,
/// exponents) is limited to <see cref="MaxNesting"/> levels so that no later pass can overflow the stack.
/// </summary>
internal sealed class Parser
{
    public const int MaxNesting = 100;

    private readonly List<Token> _tokens;
    private int _position;
    private int _depth;

    private Parser(List<Token> tokens) => _tokens = tokens;

    /// <summary>Parses a formula, or throws a <see cref="FormulaException"/> located at the first error.</summary>
    public static FormulaSyntax Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw Error("The formula is empty; write an expression such as mean((yhat - y)^2)", new Span(0, text?.Length ?? 0));
        return new Parser(Lexer.Tokenize(text)).ParseFormula();
    }

    private Token Current => _tokens[_position];

    private Token Peek(int offset) => _tokens[System.Math.Min(_position + offset, _tokens.Count - 1)];

    private Token Advance() => _tokens[_position++];

    private FormulaSyntax ParseFormula()
    {
        var bindings = ImmutableArray.CreateBuilder<Binding>();
        while (Current.Kind == TokenKind.Identifier && Peek(1).Kind == TokenKind.Assign)
        {
            Token name = Advance();
            Advance();
            Expr value = ParseExpression();
            if (Current.Kind != TokenKind.Semicolon)
                throw Error($"Expected ';' after the binding of '{name.Text}'", Current.Span);
            Advance();
            bindings.Add(new Binding(name.Text, name.Span, value));
        }
        if (Current.Kind == TokenKind.End)
            throw Error("The formula ends after its bindings; it needs a final expression to return", Current.Span);
        Expr result = ParseExpression();
        if (Current.Kind == TokenKind.Semicolon) Advance();
        if (Current.Kind != TokenKind.End)
            throw Error(Current.Kind == TokenKind.CloseParen
                ? "Unbalanced ')': there is no matching '('"
                : $"Unexpected '{Current.Text}' after the end of the expression", Current.Span);
        return new FormulaSyntax(bindings.ToImmutable(), result);
    }

    /// <summary>
    /// An expression: conditions joined by || (loosest), each of conditions joined by &amp;&amp;, each a comparison
    /// or a sum. Chains are folded in a loop, so long chains cost no recursion.
    /// </summary>
    private Expr ParseExpression()
    {
        Enter();
        Expr left = ParseAnd();
        while (Current.Kind == TokenKind.OrOr)
        {
            Advance();
            Expr right = ParseAnd();
            left = new LogicalExpr(false, left, right, left.Span.Union(right.Span));
        }
        _depth--;
        return left;
    }

    private Expr ParseAnd()
    {
        Expr left = ParseComparison();
        while (Current.Kind == TokenKind.AndAnd)
        {
            Advance();
            Expr right = ParseComparison();
            left = new LogicalExpr(true, left, right, left.Span.Union(right.Span));
        }
        return left;
    }

    private Expr ParseComparison()
    {
        Expr left = ParseSum();
        CompareOp? op = Current.Kind switch
        {
            TokenKind.Less => CompareOp.Less,
            TokenKind.LessEqual => CompareOp.LessEqual,
            TokenKind.Greater => CompareOp.Greater,
            TokenKind.GreaterEqual => CompareOp.GreaterEqual,
            TokenKind.EqualEqual => CompareOp.Equal,
            TokenKind.NotEqual => CompareOp.NotEqual,
            _ => null,
        };
        if (op is not null)
        {
            Advance();
            Expr right = ParseSum();
            left = new CompareExpr(op.Value, left, right, left.Span.Union(right.Span));
        }
        return left;
    }

    private Expr ParseSum()
    {
        Expr first = ParseProduct();
        if (Current.Kind is not (TokenKind.Plus or TokenKind.Minus))
            return first;
        var terms = ImmutableArray.CreateBuilder<(bool, Expr)>();
        terms.Add((false, first));
        Span span = first.Span;
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            bool negate = Advance().Kind == TokenKind.Minus;
            Expr term = ParseProduct();
            terms.Add((negate, term));
            span = span.Union(term.Span);
        }
        return new SumExpr(terms.ToImmutable(), span);
    }

    private Expr ParseProduct()
    {
        Expr first = ParseUnary();
        if (Current.Kind is not (TokenKind.Star or TokenKind.Slash))
            return first;
        var factors = ImmutableArray.CreateBuilder<(bool, Expr)>();
        factors.Add((false, first));
        Span span = first.Span;
        while (Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            bool divide = Advance().Kind == TokenKind.Slash;
            Expr factor = ParseUnary();
            factors.Add((divide, factor));
            span = span.Union(factor.Span);
        }
        return new ProductExpr(factors.ToImmutable(), span);
    }

    private Expr ParseUnary()
    {
        // !c binds tightest: !a && b is (!a) && b.
        if (Current.Kind == TokenKind.Bang)
        {
            int bang = Advance().Span.Start;
            Enter();
            Expr condition = ParseUnary();
            _depth--;
            return new NotExpr(condition, Span.FromBounds(bang, condition.Span.End));
        }
        // Signs are folded in a loop: "- - - x" costs no recursion.
        int start = Current.Span.Start;
        bool negate = false;
        while (Current.Kind is TokenKind.Minus or TokenKind.Plus)
            negate ^= Advance().Kind == TokenKind.Minus;
        Expr operand = ParsePower();
        return negate ? new NegateExpr(operand, Span.FromBounds(start, operand.Span.End)) : operand;
    }

    private Expr ParsePower()
    {
        Expr baseExpr = ParsePostfix();
        if (Current.Kind != TokenKind.Caret)
            return baseExpr;
        Advance();
        Enter();
        Expr exponent = ParseUnary();
        _depth--;
        return new PowerExpr(baseExpr, exponent, baseExpr.Span.Union(exponent.Span));
    }

    private Expr ParsePostfix()
    {
        Expr target = ParsePrimary();
        while (Current.Kind == TokenKind.OpenBracket)
        {
            Advance();
            Expr index = ParseExpression();
            Token close = Expect(TokenKind.CloseBracket, "']' to close the index");
            target = new IndexExpr(target, index, Span.FromBounds(target.Span.Start, close.Span.End));
        }
        return target;
    }

    private Expr ParsePrimary()
    {
        Token token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberExpr(token.Number, token.Span);
            case TokenKind.Identifier:
            {
                Advance();
                if (Current.Kind == TokenKind.Dot) return ParseQualifiedCall(token);
                return Current.Kind == TokenKind.OpenParen ? ParseCall(token.Text, token.Span) : new NameExpr(token.Text, token.Span);
            }
            case TokenKind.OpenParen:
            {
                Advance();
                Expr inner = ParseExpression();
                if (Current.Kind != TokenKind.CloseParen)
                    throw Error($"Unbalanced '(': expected ')' but found {Describe(Current)}", Span.FromBounds(token.Span.Start, Current.Span.End));
                Token close = Advance();
                // The group's span includes its parentheses, so a diagnostic on it quotes '(y - yhat)^2', not 'y - yhat)^2'.
                return inner with { Span = Span.FromBounds(token.Span.Start, close.Span.End) };
            }
            default:
                throw Error($"Expected a number, a name or '(' but found {Describe(token)}", token.Span);
        }
    }

    /// <summary>
    /// <c>RegressionLosses.Huber(...)</c>: a dotted name is only ever a call to a [Loss] method of another type (the
    /// formula has no members to access), so it must be followed by arguments. Its text drops any spaces around the dots.
    /// </summary>
    private CallExpr ParseQualifiedCall(Token first)
    {
        var name = new System.Text.StringBuilder(first.Text);
        Span span = first.Span;
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            if (Current.Kind != TokenKind.Identifier)
                throw Error($"Expected a name after '{name}.' but found {Describe(Current)}", Current.Span);
            Token part = Advance();
            name.Append('.').Append(part.Text);
            span = Span.FromBounds(span.Start, part.Span.End);
        }
        if (Current.Kind != TokenKind.OpenParen)
            throw Error($"'{name}' names a [Loss] method of another type; call it with arguments, as in {name}(y, yhat)", span);
        return ParseCall(name.ToString(), span);
    }

    private CallExpr ParseCall(string nameText, Span nameSpan)
    {
        Token open = Advance();
        var arguments = ImmutableArray.CreateBuilder<Argument>();
        if (Current.Kind != TokenKind.CloseParen)
        {
            while (true)
            {
                if (Current.Kind == TokenKind.Identifier && Peek(1).Kind == TokenKind.Colon)
                {
                    Token argName = Advance();
                    Advance();
                    arguments.Add(new Argument(argName.Text, argName.Span, ParseExpression()));
                }
                else
                {
                    Expr value = ParseExpression();
                    arguments.Add(new Argument(null, value.Span, value));
                }
                if (Current.Kind == TokenKind.Comma) { Advance(); continue; }
                break;
            }
        }
        if (Current.Kind != TokenKind.CloseParen)
            throw Error($"Expected ',' or ')' in the call to '{nameText}' but found {Describe(Current)}",
                Current.Kind == TokenKind.End ? Span.FromBounds(open.Span.Start, Current.Span.End) : Current.Span);
        Token close = Advance();
        return new CallExpr(nameText, nameSpan, arguments.ToImmutable(), Span.FromBounds(nameSpan.Start, close.Span.End));
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
            throw Error($"Expected {what} but found {Describe(Current)}", Current.Span);
        return Advance();
    }

    private void Enter()
    {
        if (++_depth > MaxNesting)
            throw Error($"The formula nests deeper than {MaxNesting} levels; split it with bindings (name = expr;)", Current.Span);
    }

    private static string Describe(Token token) => token.Kind == TokenKind.End ? "the end of the formula" : $"'{token.Text}'";

    private static FormulaException Error(string message, Span span)
        => new(new FormulaDiagnostic(DiagnosticIds.Syntax, message, span));
}
