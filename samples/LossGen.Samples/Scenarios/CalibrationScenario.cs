using LossGen.Samples.Shared;

namespace LossGen.Samples.Scenarios;

/// <summary>
/// Temperature scaling (Guo et al., 2017). A linear classifier trained to convergence on too little data is
/// over-confident. Dividing its logits by one scalar T, fitted on held-out data by minimizing the NLL, fixes the
/// confidence without changing a single prediction. The NLL and its gradient with respect to log T come from the
/// generated <c>TemperatureNllWithGradient</c>, where log T is the loss's only differentiable input.
/// </summary>
public sealed class CalibrationScenario : IScenario
{
    private const int Classes = 5, Features = 40, Bins = 15, TemperatureSteps = 100;
    private const ulong WorldSeed = 0xCA11B;

    public string Name => "calibration";
    public string Summary => "Temperature scaling of an over-confident classifier, fitted with a generated NLL gradient";
    public int DefaultEpochs => 300;

    public ScenarioResult Run(ScenarioContext context)
    {
        var rng = new Rng(context.Seed);
        ClassificationData Sample(int n) => Datasets.ClusteredClasses(WorldSeed + context.Seed, rng.Fork(), n, Classes,
            clustersPerClass: 1, Features, centreSpread: 0.45f, noise: 1f, labelNoise: 0.1);
        ClassificationData train = Sample(300), validation = Sample(2_000), test = Sample(5_000);

        // 1. The over-confident classifier: full-batch Adam on 300 samples in 40 dimensions, no regularization.
        var model = new Mlp("clf", [Features, Classes], rng.Fork());
        var trainNll = new Curve("train");
        var validationNll = new Curve("validation");
        TrainClassifier(context, model, train, validation, trainNll, validationNll);
        Matrix validationLogits = model.Forward(validation.X), testLogits = model.Forward(test.X);

        // 2. Fit T on the validation set only.
        var fit = new Curve("validation NLL");
        float temperature = FitTemperature(context, validationLogits, validation.Labels, fit);

        var table = Report.Table($"Test set, {test.X.Rows:N0} samples; ECE over {Bins} equal-width confidence bins",
            "", "temperature", "accuracy", "mean confidence", "NLL", "ECE");
        var rows = new List<(double Accuracy, double Confidence, double Ece)>();
        foreach ((string name, float t) in new[] { ("before (raw logits)", 1f), ("after temperature scaling", temperature) })
        {
            Matrix p = Metrics.Softmax(testLogits, t);
            var r = (Accuracy: Metrics.Accuracy(p, test.Labels), Confidence: Metrics.MeanConfidence(p),
                Ece: Metrics.ExpectedCalibrationError(p, test.Labels, Bins));
            rows.Add(r);
            table.Row(name, Report.Num(t, 2), Report.Pct(r.Accuracy), Report.Pct(r.Confidence),
                Report.Num(Metrics.NegativeLogLikelihood(p, test.Labels)), Report.Num(r.Ece));
        }

        var (before, after) = (rows[0], rows[1]);
        string takeaway =
            $"The classifier claims {Report.Pct(before.Confidence)} confidence on average and is right {Report.Pct(before.Accuracy)} of the time " +
            $"(ECE {before.Ece:F3}). The fitted T = {temperature:F2} {(temperature > 1 ? "softens" : "sharpens")} every prediction: mean " +
            $"confidence {Report.Pct(after.Confidence)}, ECE {after.Ece:F3}. Accuracy is unchanged, as it must be: dividing logits by T > 0 " +
            "never changes the argmax.";
        return new ScenarioResult([table], takeaway,
        [
            new CurvePanel("Classifier training", "epoch", "NLL", [trainNll, validationNll]) { Legend = ScottPlot.Alignment.MiddleRight },
            new CurvePanel("Temperature fit (validation)", "step", "NLL", [fit]),
        ]);
    }

    private static void TrainClassifier(ScenarioContext context, Mlp model, ClassificationData train, ClassificationData validation,
        Curve trainNll, Curve validationNll)
    {
        var optimizer = new Adam(model.Parameters, learningRate: 0.05f);
        using ITrainingRun run = context.Progress.Start("over-confident classifier", context.Epochs);
        for (int epoch = 1; epoch <= context.Epochs; epoch++)
        {
            optimizer.ZeroGrad();
            Matrix logits = model.Forward(train.X);
            var dLogits = new Matrix(logits.Rows, logits.Cols);
            float loss = Losses.SparseCeWithGradient(logits.AsReadOnlyTensor(), train.Labels, dLogits.AsTensor());
            model.Backward(dLogits);
            optimizer.Step();

            trainNll.Add(loss);
            validationNll.Add(Losses.SparseCe(model.Forward(validation.X).AsReadOnlyTensor(), validation.Labels));
            run.Report(epoch, loss);
        }
    }

    /// <summary>Minimizes the validation NLL over log T by plain gradient descent, the gradient coming from the generated loss.</summary>
    private static float FitTemperature(ScenarioContext context, Matrix logits, int[] labels, Curve curve)
    {
        var logT = new Param("logT", 1); // T = 1 to start: the raw logits
        var optimizer = new Sgd([logT], learningRate: 0.5f);
        using ITrainingRun run = context.Progress.Start("temperature (on validation logits)", TemperatureSteps, "steps");
        for (int step = 1; step <= TemperatureSteps; step++)
        {
            optimizer.ZeroGrad();
            float nll = Losses.TemperatureNllWithGradient(logits.AsReadOnlyTensor(), labels, logT.Value, logT.Grad);
            optimizer.Step();
            curve.Add(nll);
            run.Report(step, nll);
        }
        return MathF.Exp(logT.Value[0]);
    }
}
