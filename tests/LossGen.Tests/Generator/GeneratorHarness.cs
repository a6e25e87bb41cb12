using System.Collections.Immutable;
using System.Numerics.Tensors;
using LossGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossGen.Tests.Generator;

/// <summary>Runs the LossGen generator through Roslyn's GeneratorDriver on in-memory sources.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = tpa.Split(Path.PathSeparator).Where(p => p.EndsWith(".dll", StringComparison.Ordinal)).ToHashSet();
        paths.Add(typeof(LossAttribute).Assembly.Location);
        paths.Add(typeof(TensorSpan<>).Assembly.Location);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    public const string Usings = "using System; using System.Numerics.Tensors; using LossGen;\n";

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Test",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs")),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new LossGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Generates for the sources; returns the run result and the errors of the compiled output.</summary>
    public static (GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> OutputErrors) Run(params string[] sources)
    {
        CSharpCompilation compilation = Compilation(sources);
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return (driver.GetRunResult(), errors);
    }
}
