using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace LossGen.Analyzers.Tests;

/// <summary>
/// The references the test compilations use, taken from the running .NET runtime plus System.Numerics.Tensors (the
/// LossGen attributes are compiled from source, see <see cref="Src.Attributes"/>). The harness's default reference
/// assemblies would be downloaded from NuGet at test time; these need nothing beyond the normal restore.
/// </summary>
internal static class TestReferences
{
    /// <summary>No reference-assembly package: everything comes from <see cref="All"/>.</summary>
    public static readonly ReferenceAssemblies None = new("net10.0");

    public static readonly ImmutableArray<MetadataReference> All = Create();

    private static ImmutableArray<MetadataReference> Create()
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (string file in Directory.EnumerateFiles(runtimeDirectory, "*.dll"))
        {
            string name = Path.GetFileName(file);
            if (!name.StartsWith("System.", System.StringComparison.Ordinal) && name is not ("mscorlib.dll" or "netstandard.dll")) continue;
            if (!IsManaged(file)) continue;
            builder.Add(MetadataReference.CreateFromFile(file));
        }
        builder.Add(MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.ReadOnlyTensorSpan<>).Assembly.Location));
        return builder.ToImmutable();
    }

    private static bool IsManaged(string file)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(file);
            return true;
        }
        catch (System.BadImageFormatException)
        {
            return false;
        }
    }
}
