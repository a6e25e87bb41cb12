using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossGen.Generator;

/// <summary>Names of the tracked pipeline steps, asserted by the incrementality tests.</summary>
internal static class TrackingNames
{
    public const string Declarations = nameof(Declarations);
    public const string CompileKeys = nameof(CompileKeys);
    public const string Compiled = nameof(Compiled);
    public const string Sources = nameof(Sources);
    public const string Diagnostics = nameof(Diagnostics);
}

/// <summary>
/// The LossGen incremental generator. For each <c>[Loss]</c> method: transform the declaration into a location-free
/// compile key and its site in the file, compile the key into source and formula-relative diagnostics, then emit the
/// source and the located diagnostics in their own steps. Moving a method (typing a line above it) changes only its
/// site, so only the diagnostics step reruns; a diagnostic-only change never invalidates cached source.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LossGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<LossDeclaration> declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelBuilder.LossAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ModelBuilder.Build(ctx, ct))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName(TrackingNames.Declarations);

        IncrementalValuesProvider<LossOutput> compiled = declarations
            .Select(static (d, _) => d.Method)
            .WithTrackingName(TrackingNames.CompileKeys)
            .Select(static (m, ct) => LossCompiler.Compile(m, ct))
            .WithTrackingName(TrackingNames.Compiled);

        IncrementalValuesProvider<(string HintName, string Source)> sources = compiled
            .Where(static o => o.Source is not null)
            .Select(static (o, _) => (o.HintName, o.Source!))
            .WithTrackingName(TrackingNames.Sources);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = declarations
            .Select(static (d, _) => d.Site)
            .Combine(compiled.Collect())
            .Select(static (pair, _) => LossCompiler.Locate(pair.Left, pair.Right))
            .Where(static d => d.Count > 0)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(sources, static (spc, s) => spc.AddSource(s.HintName, s.Source));
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (DiagnosticInfo d in list)
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.For(d.Id), d.Location?.ToLocation(), d.Message));
        });
    }
}
