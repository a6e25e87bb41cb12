using LossGen.Samples.Shared;
using Spectre.Console.Rendering;

namespace LossGen.Samples.Scenarios;

/// <summary>One self-contained experiment: makes its data, trains its models, and reports numbers.</summary>
public interface IScenario
{
    /// <summary>The name given to <c>--scenario</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c> and the section header.</summary>
    string Summary { get; }

    /// <summary>Training epochs when <c>--epochs</c> is not given.</summary>
    int DefaultEpochs { get; }

    ScenarioResult Run(ScenarioContext context);
}

/// <summary>What a scenario gets from the runner.</summary>
public sealed record ScenarioContext(int Epochs, ulong Seed, ITrainingProgress Progress);

/// <summary>What a scenario hands back: tables, the conclusion the numbers support, and loss curves to plot.</summary>
public sealed record ScenarioResult(IReadOnlyList<IRenderable> Tables, string Takeaway, IReadOnlyList<CurvePanel> Curves);

/// <summary>A named series of values, one per epoch (or step).</summary>
public sealed class Curve(string name)
{
    public string Name { get; } = name;
    public List<double> Values { get; } = [];

    public void Add(double value) => Values.Add(value);
}

/// <summary>Curves that share axes; one panel of a scenario's PNG.</summary>
public sealed record CurvePanel(string Title, string XLabel, string YLabel, IReadOnlyList<Curve> Curves)
{
    /// <summary>Where the legend goes, when the default (upper right) would hide a curve.</summary>
    public ScottPlot.Alignment Legend { get; init; } = ScottPlot.Alignment.UpperRight;
}
