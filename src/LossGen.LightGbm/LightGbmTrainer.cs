using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using LossGen.LightGbm.Native;

namespace LossGen.LightGbm;

/// <summary>
/// Trains LightGBM boosters with a LossGen objective: each round the trainer asks the objective for every sample's
/// loss, gradient and Hessian diagonal at the current raw scores, multiplies them by the sample weights and hands
/// them to <c>LGBM_BoosterUpdateOneIterCustom</c>. The weighted mean of the per-sample losses is the metric for
/// progress and early stopping.
/// </summary>
public static unsafe class LightGbmTrainer
{
    /// <summary>
    /// Trains a model with one score per sample (regression, binary classification) on the objective
    /// <paramref name="objective"/>, typically a generated <c>NamePerSampleDerivatives</c> method group.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched datasets or options; thrown before any native call.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled between rounds.</exception>
    public static LightGbmModel Train<T>(LightGbmDataset training, PerSampleDerivatives<T> objective, LightGbmOptions options,
        LightGbmDataset? validation = null, IProgress<LightGbmProgress>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(objective);
        Validate(training, options, validation);
        return Run(training, new SingleScoreObjective<T>(objective), options, validation, progress, cancellationToken, ("objective", "none"));
    }

    /// <summary>
    /// Trains a multi-class model (one tree per class per round) on <paramref name="objective"/>, typically a generated
    /// <c>NamePerSampleDerivatives</c> of a loss over <c>[rows, classes]</c> logits and integer labels. The labels of
    /// the datasets must be the integers 0 … <paramref name="classes"/> − 1.
    /// </summary>
    public static LightGbmModel TrainMulticlass<T>(LightGbmDataset training, MulticlassPerSampleDerivatives<T> objective, int classes, LightGbmOptions options,
        LightGbmDataset? validation = null, IProgress<LightGbmProgress>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Validate(training, options, validation);
        ValidateClassLabels(training, classes, nameof(training));
        if (validation is not null) ValidateClassLabels(validation, classes, nameof(validation));
        return Run(training, new MulticlassObjective<T>(objective, classes), options, validation, progress, cancellationToken,
            ("objective", "none"), ("num_class", classes.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Trains with one of LightGBM's built-in objectives (<c>regression</c>, <c>binary</c>, <c>multiclass</c>, ...),
    /// for comparison with a LossGen objective under the same options. Progress reports carry LightGBM's own training
    /// metric (the objective's default metric, e.g. <c>l2</c> or <c>binary_logloss</c>, unless <c>metric</c> is set in
    /// <see cref="LightGbmOptions.Parameters"/>); early stopping is not available.
    /// </summary>
    public static LightGbmModel TrainBuiltIn(LightGbmDataset training, string objective, LightGbmOptions options,
        IProgress<LightGbmProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objective);
        Validate(training, options, null);
        if (options.EarlyStoppingRounds is not null)
            throw new ArgumentException("Early stopping needs a LossGen objective and a validation set.", nameof(options));
        var fixedParameters = new List<(string, string?)> { ("objective", objective) };
        if (progress is not null)
        {
            fixedParameters.Add(("is_provide_training_metric", "true"));
            // Without a metric parameter LightGBM evaluates the objective's default metric.
            if (!options.Parameters.ContainsKey("metric")) fixedParameters.Add(("metric", null));
        }
        string parameters = options.ToParameterString([.. fixedParameters]);
        cancellationToken.ThrowIfCancellationRequested();
        LightGbmApi.Check(LightGbmApi.LGBM_BoosterCreate(training.Handle, parameters, out BoosterHandle handle), nameof(LightGbmApi.LGBM_BoosterCreate));
        var model = new LightGbmModel(handle);
        try
        {
            int metrics = 0;
            if (progress is not null)
                LightGbmApi.Check(LightGbmApi.LGBM_BoosterGetEvalCounts(handle, out metrics), nameof(LightGbmApi.LGBM_BoosterGetEvalCounts));
            var values = new double[Math.Max(metrics, 1)];
            for (int round = 1; round <= options.Rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LightGbmApi.Check(LightGbmApi.LGBM_BoosterUpdateOneIter(handle, out int finished), nameof(LightGbmApi.LGBM_BoosterUpdateOneIter));
                if (progress is not null)
                {
                    double metric = double.NaN;
                    if (metrics > 0)
                    {
                        fixed (double* v = values)
                        {
                            LightGbmApi.Check(LightGbmApi.LGBM_BoosterGetEval(handle, 0, out _, v), nameof(LightGbmApi.LGBM_BoosterGetEval));
                        }
                        metric = values[0];
                    }
                    progress.Report(new LightGbmProgress(round, options.Rounds, metric, null, round));
                }
                if (finished != 0) break;
            }
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static void Validate(LightGbmDataset training, LightGbmOptions options, LightGbmDataset? validation)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (training.Handle.IsClosed) throw new ObjectDisposedException(nameof(training));
        if (validation is not null)
        {
            if (validation.Handle.IsClosed) throw new ObjectDisposedException(nameof(validation));
            if (validation.Features != training.Features)
                throw new ArgumentException($"validation has {validation.Features} features; training has {training.Features}.", nameof(validation));
        }
        if (options.EarlyStoppingRounds is not null && validation is null)
            throw new ArgumentException("EarlyStoppingRounds needs a validation set.", nameof(validation));
    }

    private static void ValidateClassLabels(LightGbmDataset data, int classes, string name)
    {
        ReadOnlySpan<float> labels = data.Labels.Span;
        for (int i = 0; i < labels.Length; i++)
        {
            float label = labels[i];
            if (label != MathF.Floor(label) || label < 0 || label >= classes)
                throw new ArgumentException($"{name}.Labels[{i}] is {label}; a {classes}-class model needs the integers 0 to {classes - 1}.", name);
        }
    }

    private static LightGbmModel Run(LightGbmDataset training, ObjectiveAdapter objective, LightGbmOptions options, LightGbmDataset? validation,
        IProgress<LightGbmProgress>? progress, CancellationToken cancellationToken, params (string, string?)[] fixedParameters)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string parameters = options.ToParameterString(fixedParameters);
        LightGbmApi.Check(LightGbmApi.LGBM_BoosterCreate(training.Handle, parameters, out BoosterHandle handle), nameof(LightGbmApi.LGBM_BoosterCreate));
        var model = new LightGbmModel(handle);
        try
        {
            if (validation is not null)
                LightGbmApi.Check(LightGbmApi.LGBM_BoosterAddValidData(handle, validation.Handle), nameof(LightGbmApi.LGBM_BoosterAddValidData));

            int scoresPerRow = objective.ScoresPerRow;
            var trainScores = new double[checked(training.Rows * scoresPerRow)];
            var gradients = new float[trainScores.Length];
            var hessians = new float[trainScores.Length];
            var validScores = validation is null ? null : new double[checked(validation.Rows * scoresPerRow)];

            var trainLosses = new List<double>();
            var validLosses = new List<double>();
            int bestRound = 0;
            double bestLoss = double.PositiveInfinity;
            bool stoppedEarly = false;

            ReadScores(handle, 0, trainScores);
            objective.Evaluate(trainScores, training.Labels.Span, WeightsOf(training), gradients, hessians);
            for (int round = 1; round <= options.Rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int finished;
                fixed (float* g = gradients)
                fixed (float* h = hessians)
                {
                    LightGbmApi.Check(LightGbmApi.LGBM_BoosterUpdateOneIterCustom(handle, g, h, out finished), nameof(LightGbmApi.LGBM_BoosterUpdateOneIterCustom));
                }
                ReadScores(handle, 0, trainScores);
                double trainLoss = objective.Evaluate(trainScores, training.Labels.Span, WeightsOf(training), gradients, hessians);
                trainLosses.Add(trainLoss);

                double? validLoss = null;
                double monitored = trainLoss;
                if (validation is not null)
                {
                    ReadScores(handle, 1, validScores!);
                    validLoss = objective.Evaluate(validScores!, validation.Labels.Span, WeightsOf(validation), null, null);
                    validLosses.Add(validLoss.Value);
                    monitored = validLoss.Value;
                }
                if (monitored < bestLoss || bestRound == 0)
                {
                    bestLoss = monitored;
                    bestRound = round;
                }
                progress?.Report(new LightGbmProgress(round, options.Rounds, trainLoss, validLoss, bestRound));
                if (options.EarlyStoppingRounds is int patience && round - bestRound >= patience)
                {
                    stoppedEarly = true;
                    break;
                }
                // LightGBM reports that no further split can improve the model: every later round would add nothing.
                if (finished != 0) break;
            }
            if (stoppedEarly)
            {
                // Keep exactly the best model: roll back the rounds after it.
                while (model.Iterations > bestRound)
                    LightGbmApi.Check(LightGbmApi.LGBM_BoosterRollbackOneIter(handle), nameof(LightGbmApi.LGBM_BoosterRollbackOneIter));
            }
            model.History = new LightGbmHistory(trainLosses, validLosses, validation is null ? trainLosses.Count : bestRound, stoppedEarly);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static ReadOnlySpan<float> WeightsOf(LightGbmDataset data) => data.Weights is { } weights ? weights.Span : default;

    /// <summary>Copies LightGBM's current raw scores of dataset <paramref name="index"/> (0 training, 1 the first validation set), class-major.</summary>
    private static void ReadScores(BoosterHandle handle, int index, double[] scores)
    {
        LightGbmApi.Check(LightGbmApi.LGBM_BoosterGetNumPredict(handle, index, out long length), nameof(LightGbmApi.LGBM_BoosterGetNumPredict));
        if (length != scores.Length)
            throw new LightGbmException(nameof(LightGbmApi.LGBM_BoosterGetNumPredict), $"dataset {index} has {length} scores, expected {scores.Length}.");
        fixed (double* s = scores)
        {
            LightGbmApi.Check(LightGbmApi.LGBM_BoosterGetPredict(handle, index, out _, s), nameof(LightGbmApi.LGBM_BoosterGetPredict));
        }
    }

    /// <summary>Turns LightGBM's class-major raw scores into the objective's inputs and its derivatives into LightGBM's gradients.</summary>
    private abstract class ObjectiveAdapter
    {
        public abstract int ScoresPerRow { get; }

        /// <summary>
        /// Evaluates the objective at <paramref name="scores"/> (class-major); writes the weighted gradients and Hessians
        /// (class-major) when the outputs are given; returns the weighted mean loss.
        /// </summary>
        public abstract double Evaluate(double[] scores, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, float[]? gradients, float[]? hessians);

        protected static double WeightedMean<T>(ReadOnlySpan<T> losses, ReadOnlySpan<float> weights) where T : unmanaged, IFloatingPointIeee754<T>
        {
            double total = 0, weightSum = 0;
            for (int i = 0; i < losses.Length; i++)
            {
                double w = weights.IsEmpty ? 1 : weights[i];
                total += w * double.CreateTruncating(losses[i]);
                weightSum += w;
            }
            return weightSum > 0 ? total / weightSum : 0;
        }

        protected static float Checked<T>(T value, double weight, string what, int row) where T : unmanaged, IFloatingPointIeee754<T>
        {
            double v = double.CreateTruncating(value);
            if (!double.IsFinite(v))
                throw new InvalidOperationException($"The objective returned {what} {v} for sample {row}; LightGBM needs finite gradients and Hessians.");
            return (float)(v * weight);
        }
    }

    private sealed class SingleScoreObjective<T>(PerSampleDerivatives<T> objective) : ObjectiveAdapter where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[] _labels = [], _scores = [], _losses = [], _gradients = [], _hessians = [];

        public override int ScoresPerRow => 1;

        public override double Evaluate(double[] scores, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, float[]? gradients, float[]? hessians)
        {
            int n = labels.Length;
            if (_labels.Length != n)
            {
                _labels = new T[n]; _scores = new T[n]; _losses = new T[n]; _gradients = new T[n]; _hessians = new T[n];
            }
            for (int i = 0; i < n; i++)
            {
                _labels[i] = T.CreateTruncating(labels[i]);
                _scores[i] = T.CreateTruncating(scores[i]);
            }
            objective(_labels, _scores, _losses, _gradients, _hessians);
            if (gradients is not null && hessians is not null)
            {
                for (int i = 0; i < n; i++)
                {
                    double w = weights.IsEmpty ? 1 : weights[i];
                    gradients[i] = Checked(_gradients[i], w, "gradient", i);
                    hessians[i] = Checked(_hessians[i], w, "Hessian", i);
                }
            }
            return WeightedMean<T>(_losses, weights);
        }
    }

    private sealed class MulticlassObjective<T>(MulticlassPerSampleDerivatives<T> objective, int classes) : ObjectiveAdapter where T : unmanaged, IFloatingPointIeee754<T>
    {
        private int[] _labels = [];
        private T[] _scores = [], _losses = [], _gradients = [], _hessians = [];

        public override int ScoresPerRow => classes;

        public override double Evaluate(double[] scores, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, float[]? gradients, float[]? hessians)
        {
            int n = labels.Length;
            if (_labels.Length != n)
            {
                _labels = new int[n]; _losses = new T[n];
                _scores = new T[n * classes]; _gradients = new T[n * classes]; _hessians = new T[n * classes];
            }
            // LightGBM keeps scores, gradients and Hessians class-major (index class * rows + row); LossGen's tensors are
            // row-major [rows, classes].
            for (int i = 0; i < n; i++)
            {
                _labels[i] = (int)labels[i];
                for (int k = 0; k < classes; k++) _scores[i * classes + k] = T.CreateTruncating(scores[k * n + i]);
            }
            objective(new ReadOnlyTensorSpan<T>(_scores, [n, classes]), _labels, _losses, new TensorSpan<T>(_gradients, [n, classes]), new TensorSpan<T>(_hessians, [n, classes]));
            if (gradients is not null && hessians is not null)
            {
                for (int i = 0; i < n; i++)
                {
                    double w = weights.IsEmpty ? 1 : weights[i];
                    for (int k = 0; k < classes; k++)
                    {
                        gradients[k * n + i] = Checked(_gradients[i * classes + k], w, "gradient", i);
                        hessians[k * n + i] = Checked(_hessians[i * classes + k], w, "Hessian", i);
                    }
                }
            }
            return WeightedMean<T>(_losses, weights);
        }
    }
}
