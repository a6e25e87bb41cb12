using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LossGen.Formula;
using LossGen.Ir;
using Microsoft.CodeAnalysis;

namespace LossGen.Declarations;

/// <summary>
/// What a name written in a formula's call resolved to at the declaration: the <see cref="LossDecl.Key"/> of a
/// [Loss] method, or the reason it names none (reported by the binder, located on the call).
/// </summary>
internal sealed record CallLink(string WrittenName, string? TargetKey, string? Error);

/// <summary>A [Loss] method that a formula reaches through its calls, with what its own calls resolve to.</summary>
internal sealed record CalleeDeclaration(string Key, string Name, string Formula, IReadOnlyList<InputDecl> Inputs, IReadOnlyList<CallLink> Calls);

/// <summary>
/// The call graph of one [Loss] method as plain data: what its calls resolve to and every [Loss] method reachable
/// from it. The generator stores it in its equatable model; the analyzers link it straight away. Both build it with
/// <see cref="LossCallees.Collect"/>, so they bind the same formula.
/// </summary>
internal sealed record CallGraph(string RootKey, IReadOnlyList<CallLink> RootCalls, IReadOnlyList<CalleeDeclaration> Callees)
{
    /// <summary>
    /// The root declaration with its calls linked to the reachable declarations (which may form a cycle: the binder
    /// reports it on the call that closes it).
    /// </summary>
    public static LossDecl Link(LossDecl root, string rootKey, IEnumerable<CallLink> rootCalls, IEnumerable<CalleeDeclaration> callees)
    {
        var tables = new List<(Dictionary<string, LossDecl> Callees, Dictionary<string, string> Unresolved, IEnumerable<CallLink> Calls)>();
        (Dictionary<string, LossDecl>, Dictionary<string, string>) NewTable(IEnumerable<CallLink> calls)
        {
            var table = (new Dictionary<string, LossDecl>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));
            tables.Add((table.Item1, table.Item2, calls));
            return table;
        }

        (Dictionary<string, LossDecl> rootTable, Dictionary<string, string> rootUnresolved) = NewTable(rootCalls);
        LossDecl linkedRoot = root with { Key = rootKey, Callees = rootTable, UnresolvedCalls = rootUnresolved };
        var byKey = new Dictionary<string, LossDecl>(StringComparer.Ordinal) { [rootKey] = linkedRoot };
        foreach (CalleeDeclaration c in callees)
        {
            if (byKey.ContainsKey(c.Key)) continue;
            (Dictionary<string, LossDecl> table, Dictionary<string, string> unresolved) = NewTable(c.Calls);
            byKey[c.Key] = new LossDecl(c.Name, c.Formula, c.Inputs) { Key = c.Key, Callees = table, UnresolvedCalls = unresolved };
        }
        foreach ((Dictionary<string, LossDecl> table, Dictionary<string, string> unresolved, IEnumerable<CallLink> calls) in tables)
        {
            foreach (CallLink link in calls)
            {
                if (link.TargetKey is not null && byKey.TryGetValue(link.TargetKey, out LossDecl? target)) table[link.WrittenName] = target;
                else if (link.Error is not null) unresolved[link.WrittenName] = link.Error;
            }
        }
        return linkedRoot;
    }

    public LossDecl Link(LossDecl root) => Link(root, RootKey, RootCalls, Callees);
}

/// <summary>
/// Resolves the calls in a [Loss] formula to [Loss] methods, as C# would resolve the same names at the declaration,
/// and follows them to the callees' callees. A plain name is a sibling: a [Loss] method of the same type (built-in
/// functions win). A dotted name is <c>Type.Method</c> or <c>Namespace.Type.Method</c>: its first part is looked up
/// from the declaration (nested and containing types, the containing namespaces, using directives and aliases), the
/// rest as members. In a referenced assembly, which keeps no using directives, the first part is looked up in the
/// containing types and namespaces only. A method only counts as a callee with a parameter list of the caller's
/// precision; a method that fails for another reason (unknown type, no such [Loss] method, inaccessible) becomes a
/// <see cref="CallLink.Error"/> that names what exists.
/// </summary>
internal static class LossCallees
{
    public const string LossAttribute = "LossGen.LossAttribute";

    /// <summary>
    /// The call graph of <paramref name="method"/>. <paramref name="readInputs"/> is the declaration rule of the
    /// caller's precision (null for a method whose parameters do not fit it); <paramref name="semanticModelOf"/>
    /// gives the semantic model of a source file, so that each callee's calls resolve in its own file's scope.
    /// </summary>
    public static CallGraph Collect(IMethodSymbol method, string formula, Compilation compilation,
        Func<IMethodSymbol, IReadOnlyList<InputDecl>?> readInputs, Func<SyntaxTree, SemanticModel> semanticModelOf, CancellationToken cancellationToken)
    {
        string rootKey = KeyOf(method);
        var collector = new Collector(rootKey, compilation, readInputs, semanticModelOf, cancellationToken);
        var rootCalls = new List<CallLink>();
        // Every sibling by name, called or not, so that the binder can suggest a misspelled one; the method itself
        // among them, so that a call to itself is reported as recursion.
        foreach (IGrouping<string, IMethodSymbol> group in collector.LossMethodsOf(method.ContainingType).GroupBy(m => m.Name))
        {
            // Overloads of one precision are ambiguous by name; the binder then reports an unknown function.
            if (group.Count() != 1 || Binder.BuiltinFunctions.Contains(group.Key)) continue;
            rootCalls.Add(new CallLink(group.Key, collector.Enqueue(group.First()), null));
        }
        foreach (string name in CallNames(formula).Where(n => n.IndexOf('.') >= 0))
            rootCalls.Add(collector.ResolveQualified(name, method));
        collector.Drain();
        return new CallGraph(rootKey, rootCalls, collector.Callees);
    }

    /// <summary>
    /// The names called in a formula, each once, in order: every name (dotted or not) followed by '(', which is what
    /// the parser reads as a call. Read from the tokens, so that it cannot miss a call inside a construct the grammar
    /// gains later. None when the formula does not tokenize (its binding reports that).
    /// </summary>
    public static IReadOnlyList<string> CallNames(string formula)
    {
        var names = new List<string>();
        List<Token> tokens;
        try
        {
            tokens = Lexer.Tokenize(formula ?? "");
        }
        catch (FormulaException)
        {
            return names;
        }
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind != TokenKind.Identifier || (i > 0 && tokens[i - 1].Kind == TokenKind.Dot)) continue;
            string name = tokens[i].Text;
            int j = i + 1;
            while (j + 1 < tokens.Count && tokens[j].Kind == TokenKind.Dot && tokens[j + 1].Kind == TokenKind.Identifier)
            {
                name += "." + tokens[j + 1].Text;
                j += 2;
            }
            if (tokens[j].Kind == TokenKind.OpenParen && !names.Contains(name)) names.Add(name);
        }
        return names;
    }

    /// <summary>A method's identity in the call graph: its containing type's full name and its own.</summary>
    public static string KeyOf(IMethodSymbol method) => method.ContainingType.ToDisplayString() + "." + method.Name;

    public static bool IsLossAttribute(AttributeData a) => a.AttributeClass?.ToDisplayString() == LossAttribute;

    public static string? FormulaOf(IMethodSymbol method)
    {
        foreach (AttributeData a in method.GetAttributes())
            if (IsLossAttribute(a)) return a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as string : null;
        return null;
    }

    private sealed class Collector(string rootKey, Compilation compilation, Func<IMethodSymbol, IReadOnlyList<InputDecl>?> readInputs,
        Func<SyntaxTree, SemanticModel> semanticModelOf, CancellationToken cancellationToken)
    {
        private readonly Queue<IMethodSymbol> _pending = new();
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<CalleeDeclaration> Callees { get; } = new();

        /// <summary>The [Loss] methods of a type that fit the caller's precision (definition parts only).</summary>
        public IEnumerable<IMethodSymbol> LossMethodsOf(INamedTypeSymbol type, string? name = null)
            => (name is null ? type.GetMembers() : type.GetMembers(name)).OfType<IMethodSymbol>()
                .Where(m => m.PartialDefinitionPart is null && FormulaOf(m) is not null && readInputs(m) is not null);

        /// <summary>Queues a callee for collection and returns its key.</summary>
        public string Enqueue(IMethodSymbol callee)
        {
            string key = KeyOf(callee);
            if (key != rootKey && _seen.Add(key)) _pending.Enqueue(callee);
            return key;
        }

        public void Drain()
        {
            while (_pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IMethodSymbol callee = _pending.Dequeue();
                string formula = FormulaOf(callee)!;
                var calls = new List<CallLink>();
                foreach (string name in CallNames(formula))
                {
                    if (name.IndexOf('.') >= 0)
                    {
                        calls.Add(ResolveQualified(name, callee));
                        continue;
                    }
                    if (Binder.BuiltinFunctions.Contains(name)) continue;
                    IMethodSymbol[] siblings = LossMethodsOf(callee.ContainingType, name).ToArray();
                    // None or several: the binder reports an unknown function, as for the caller's own siblings.
                    if (siblings.Length == 1) calls.Add(new CallLink(name, Enqueue(siblings[0]), null));
                }
                Callees.Add(new CalleeDeclaration(KeyOf(callee), callee.Name, formula, readInputs(callee)!, calls));
            }
        }

        /// <summary>Resolves <c>Type.Method</c> written in the formula of <paramref name="caller"/>.</summary>
        public CallLink ResolveQualified(string written, IMethodSymbol caller)
        {
            string[] parts = written.Split('.');
            string methodName = parts[parts.Length - 1];
            INamespaceOrTypeSymbol? container = null;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                string part = parts[i];
                INamespaceOrTypeSymbol[] found = i == 0
                    ? LookupFirst(part, caller).ToArray()
                    : container!.GetMembers(part).OfType<INamespaceOrTypeSymbol>().Where(s => s is not INamedTypeSymbol { Arity: > 0 }).ToArray();
                if (found.Length == 0)
                {
                    if (i == 0)
                    {
                        string? suggestion = Binder.Closest(part, LookupFirstNames(caller));
                        return Error(written, $"The type or namespace '{part}' in '{written}' is not found from '{caller.ContainingType.Name}'" +
                            (suggestion is not null ? $"; did you mean '{suggestion}'?" : "; add a using directive for its namespace or qualify it, as in LossGen.RegressionLosses.Huber"));
                    }
                    string? near = Binder.Closest(part, container!.GetMembers().OfType<INamespaceOrTypeSymbol>().Select(s => s.Name));
                    return Error(written, $"'{string.Join(".", parts.Take(i))}' has no type or namespace '{part}'" +
                        (near is not null ? $"; did you mean '{near}'?" : ""));
                }
                if (found.Length > 1)
                    return Error(written, $"'{string.Join(".", parts.Take(i + 1))}' is ambiguous here ({string.Join(", ", found.Select(f => f.ToDisplayString()))}); qualify it with its namespace");
                container = found[0];
            }
            if (container is not INamedTypeSymbol type)
                return Error(written, $"'{string.Join(".", parts.Take(parts.Length - 1))}' is a namespace; name a type and its [Loss] method, as in LossGen.RegressionLosses.Huber");

            IMethodSymbol[] candidates = type.GetMembers(methodName).OfType<IMethodSymbol>()
                .Where(m => m.PartialDefinitionPart is null && FormulaOf(m) is not null).ToArray();
            IMethodSymbol[] fitting = candidates.Where(m => readInputs(m) is not null).ToArray();
            if (fitting.Length == 0)
            {
                if (candidates.Length > 0)
                    return Error(written, $"'{written}' has no [Loss] overload whose parameters fit this method's precision ({PrecisionOf(caller)})");
                string[] existing = LossMethodsOf(type).Where(m => compilation.IsSymbolAccessibleWithin(m, caller.ContainingType))
                    .Select(m => m.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
                string? closest = Binder.Closest(methodName, existing);
                return Error(written, $"'{type.Name}' has no [Loss] method '{methodName}'" + (closest is not null ? $"; did you mean '{closest}'?" : "") + (existing.Length == 0
                    ? $"; it declares no [Loss] methods in {PrecisionOf(caller)}"
                    : $"; its [Loss] methods are {string.Join(", ", existing)}"));
            }
            if (fitting.Length > 1)
                return Error(written, $"'{written}' has {fitting.Length} [Loss] overloads of this precision; a formula can only call a name with one");
            IMethodSymbol callee = fitting[0];
            // As C# would check a call written in the caller's type (the generated code inlines it instead).
            if (!compilation.IsSymbolAccessibleWithin(callee, caller.ContainingType))
                return Error(written, $"'{written}' is {Describe(callee.DeclaredAccessibility)}, so '{caller.ContainingType.Name}' cannot call it; make it internal or public");
            return new CallLink(written, Enqueue(callee), null);
        }

        private static CallLink Error(string written, string message) => new(written, null, message);

        private static string PrecisionOf(IMethodSymbol caller) => caller.ReturnType.SpecialType == SpecialType.System_Single ? "float" : "double";

        private static string Describe(Accessibility a) => a switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            Accessibility.Internal => "internal to its assembly",
            _ => "not accessible",
        };

        /// <summary>The first part of a qualified name, as C# finds it from the caller's declaration.</summary>
        private IEnumerable<INamespaceOrTypeSymbol> LookupFirst(string name, IMethodSymbol caller)
        {
            if (SourcePosition(caller) is (SemanticModel model, int position))
                return model.LookupNamespacesAndTypes(position, name: name)
                    .Select(s => s is IAliasSymbol alias ? alias.Target : s).OfType<INamespaceOrTypeSymbol>()
                    .Where(s => s is not INamedTypeSymbol { Arity: > 0 }).Distinct<INamespaceOrTypeSymbol>(SymbolEqualityComparer.Default);
            return ScopesOf(caller).Select(scope => scope.GetMembers(name).OfType<INamespaceOrTypeSymbol>()
                    .Where(s => s is not INamedTypeSymbol { Arity: > 0 }).ToArray())
                .FirstOrDefault(found => found.Length > 0) ?? [];
        }

        private IEnumerable<string> LookupFirstNames(IMethodSymbol caller)
            => SourcePosition(caller) is (SemanticModel model, int position)
                ? model.LookupNamespacesAndTypes(position).Select(s => s.Name)
                : ScopesOf(caller).SelectMany(scope => scope.GetMembers().OfType<INamespaceOrTypeSymbol>().Select(s => s.Name));

        /// <summary>The scopes of a metadata declaration, innermost first: its containing types, then its namespaces.</summary>
        private static IEnumerable<INamespaceOrTypeSymbol> ScopesOf(IMethodSymbol caller)
        {
            for (INamedTypeSymbol? t = caller.ContainingType; t is not null; t = t.ContainingType) yield return t;
            for (INamespaceSymbol? n = caller.ContainingType.ContainingNamespace; n is not null; n = n.ContainingNamespace) yield return n;
        }

        private (SemanticModel, int)? SourcePosition(IMethodSymbol caller)
        {
            foreach (SyntaxReference r in caller.DeclaringSyntaxReferences)
                return (semanticModelOf(r.SyntaxTree), r.Span.Start);
            return null;
        }
    }
}
