using System.Diagnostics;
using LossGen.Samples;
using LossGen.Samples.Scenarios;
using LossGen.Samples.Shared;
using Spectre.Console;

IScenario[] all =
[
    new AsymmetricScenario(),
    new ImbalanceScenario(),
    new MulticlassScenario(),
    new MetricScenario(),
    new MultitaskScenario(),
    new CalibrationScenario(),
    new BoostingScenario(),
];

Options options;
try
{
    options = Cli.Parse(args, all);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(Cli.Usage(all));
    return 0;
}

// Live progress bars need an interactive ANSI terminal. Anything else (a pipe, a file, a CI log, TERM=dumb) gets one
// plain line per finished training run; when stdout is redirected, no colour or cursor codes are written at all.
bool redirected = Console.IsOutputRedirected;
bool live = !redirected && AnsiConsole.Profile.Capabilities is { Interactive: true, Ansi: true };
IAnsiConsole console = redirected
    ? AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(Console.Out),
    })
    : AnsiConsole.Console;
if (redirected) console.Profile.Width = Math.Max(console.Profile.Width, 120);

int exitCode = 0;
var total = Stopwatch.StartNew();
foreach (IScenario scenario in options.Scenarios)
{
    int epochs = options.Epochs ?? scenario.DefaultEpochs;
    console.Write(new Rule($"[bold yellow]{scenario.Name}[/] [grey]· {Markup.Escape(scenario.Summary)}[/]").LeftJustified());
    var watch = Stopwatch.StartNew();
    ScenarioResult result;
    if (live)
    {
        result = console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => scenario.Run(new ScenarioContext(epochs, options.Seed, new LiveProgress(ctx))));
    }
    else
    {
        result = scenario.Run(new ScenarioContext(epochs, options.Seed, new LineProgress(console)));
    }
    watch.Stop();

    foreach (var table in result.Tables) console.Write(table);
    console.MarkupLine($"[green]→[/] {Markup.Escape(result.Takeaway)}");
    if (options.PlotDirectory is not null)
    {
        try
        {
            string path = Plotting.SaveCurves(options.PlotDirectory, scenario.Name, result.Curves);
            console.MarkupLine($"[grey]loss curves: {Markup.Escape(path)}[/]");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TypeInitializationException or DllNotFoundException)
        {
            console.MarkupLine($"[red]could not write the plot of {scenario.Name}:[/] {Markup.Escape(e.Message)}");
            exitCode = 1;
        }
    }
    console.MarkupLine($"[grey]{scenario.Name}: {watch.Elapsed.TotalSeconds:F1} s[/]");
    console.WriteLine();
}
console.MarkupLine($"[grey]Total: {total.Elapsed.TotalSeconds:F1} s for {options.Scenarios.Count} scenario(s).[/]");
return exitCode;
