using System.Runtime.CompilerServices;

namespace LossGen.Tests.Generator;

/// <summary>
/// The generated source for the contract declarations, compared with snapshots in Verify's layout:
/// Snapshots/Name.verified.cs. A mismatch writes Name.received.cs next to it; set LOSSGEN_ACCEPT_SNAPSHOTS=1 to
/// accept received output as the new snapshot.
/// </summary>
public class SnapshotTests
{
    public static TheoryData<string> Declarations => new(SeedDeclarations.Keys);

    private static readonly Dictionary<string, string> SeedDeclarations = ReadSeedDeclarations();

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_source_matches_snapshot(string name)
    {
        string source = GeneratorHarness.Usings + "namespace Snap;\npublic static partial class SeedLosses\n{\n" + SeedDeclarations[name] + "\n}\n";
        var (result, errors) = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(errors);
        string generated = Assert.Single(result.GeneratedTrees, t => t.FilePath.Contains("." + name + ".", StringComparison.Ordinal)).GetText().ToString();
        VerifySnapshot("SeedLosses." + name, generated);
    }

    /// <summary>The declarations of SeedLosses.cs, keyed by method name (the snapshot inputs stay the contract).</summary>
    private static Dictionary<string, string> ReadSeedDeclarations([CallerFilePath] string here = "")
    {
        string text = File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "SeedLosses.cs"));
        text = text.Substring(0, text.IndexOf("public static partial class SeedLossesF", StringComparison.Ordinal));
        var result = new Dictionary<string, string>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length - 1; i++)
        {
            if (!lines[i].TrimStart().StartsWith("[Loss(", StringComparison.Ordinal)) continue;
            string decl = lines[i + 1];
            string name = decl.Substring(0, decl.IndexOf('(')).Split(' ').Last();
            result[name] = lines[i] + "\n" + decl;
        }
        // Composition needs the losses it calls.
        result["MultiTask"] = result["Mse"] + "\n" + result["SparseCe"] + "\n" + result["MultiTask"];
        return result;
    }

    internal static void VerifySnapshot(string name, string actual, [CallerFilePath] string here = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(here)!, "..", "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        if (Environment.GetEnvironmentVariable("LOSSGEN_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail($"Generated source differs from {verified}. Compare it with {received}; set LOSSGEN_ACCEPT_SNAPSHOTS=1 to accept.");
    }
}
