namespace LossGen.Tests.Oracle;

/// <summary>Calls each oracle declaration with a case's data (adapters written from the same table as the declarations).</summary>
internal static class OracleAdapters
{
    public static readonly global::System.Collections.Generic.Dictionary<string, global::System.Func<CaseData<double>, double>> DoubleForward = new()
    {
        ["mse"] = d => OracleLosses.Mse(d.V("y"), d.V("yhat")),
        ["mae"] = d => OracleLosses.Mae(d.V("y"), d.V("yhat")),
        ["asymmetric_mae"] = d => OracleLosses.AsymmetricMae(d.V("y"), d.V("yhat")),
        ["huber"] = d => OracleLosses.Huber(d.V("y"), d.V("yhat"), d.S("delta", 1)),
        ["smooth_l1"] = d => OracleLosses.SmoothL1(d.V("y"), d.V("yhat"), d.S("beta", 0.5)),
        ["bce"] = d => OracleLosses.Bce(d.V("y"), d.V("p")),
        ["bce_logits"] = d => OracleLosses.BceLogits(d.V("y"), d.V("z")),
        ["bce_logits_pos_weight"] = d => OracleLosses.BceLogitsPosWeight(d.V("y"), d.V("z"), d.S("pos_weight", 3)),
        ["focal_probs"] = d => OracleLosses.FocalProbs(d.V("y"), d.V("p"), d.S("alpha", 0.25), d.S("gamma", 2)),
        ["focal_logits"] = d => OracleLosses.FocalLogits(d.V("y"), d.V("z"), d.S("alpha", 0.25), d.S("gamma", 2)),
        ["hinge"] = d => OracleLosses.Hinge(d.V("y"), d.V("s")),
        ["soft_margin"] = d => OracleLosses.SoftMargin(d.V("y"), d.V("s")),
        ["hinge_embedding"] = d => OracleLosses.HingeEmbedding(d.V("y"), d.V("s"), d.S("margin", 1)),
        ["margin_ranking"] = d => OracleLosses.MarginRanking(d.V("y"), d.V("s1"), d.V("s2"), d.S("margin", 0.5)),
        ["poisson_nll"] = d => OracleLosses.PoissonNll(d.V("count"), d.V("logRate")),
        ["gaussian_nll"] = d => OracleLosses.GaussianNll(d.V("y"), d.V("mu"), d.V("var")),
        ["cce_probs"] = d => OracleLosses.CceProbs(d.M("y"), d.M("p")),
        ["cce_logits"] = d => OracleLosses.CceLogits(d.M("y"), d.M("z")),
        ["sparse_ce"] = d => OracleLosses.SparseCe(d.M("z"), d.L("t")),
        ["sparse_ce_weighted"] = d => OracleLosses.SparseCeWeighted(d.M("z"), d.V("w"), d.L("t")),
        ["sparse_ce_label_smoothing"] = d => OracleLosses.SparseCeLabelSmoothing(d.M("z"), d.L("t"), d.S("epsilon", 0.1)),
        ["nll"] = d => OracleLosses.Nll(d.M("logp"), d.L("t")),
        ["kl_div"] = d => OracleLosses.KlDiv(d.M("logp"), d.M("q")),
        ["multi_margin"] = d => OracleLosses.MultiMargin(d.M("z"), d.L("t"), d.S("margin", 1)),
        ["multilabel_soft_margin"] = d => OracleLosses.MultilabelSoftMargin(d.M("y"), d.M("z")),
        ["multitask"] = d => OracleLosses.MultiTask(d.V("steer"), d.V("steerHat"), d.M("z"), d.L("t"), d.S("lambda1", 0.7), d.S("lambda2", 0.3)),
        ["triplet"] = d => OracleLosses.Triplet(d.M("a"), d.M("p"), d.M("n"), d.S("margin", 1)),
        ["cosine_embedding"] = d => OracleLosses.CosineEmbedding(d.M("x1"), d.M("x2"), d.V("y"), d.S("margin", 0.2)),
    };

    public static readonly global::System.Collections.Generic.Dictionary<string, global::System.Func<CaseData<double>, double>> DoubleWithGradient = new()
    {
        ["mse"] = d => OracleLosses.MseWithGradient(d.V("y"), d.V("yhat"), d.G("yhat")),
        ["mae"] = d => OracleLosses.MaeWithGradient(d.V("y"), d.V("yhat"), d.G("yhat")),
        ["asymmetric_mae"] = d => OracleLosses.AsymmetricMaeWithGradient(d.V("y"), d.V("yhat"), d.G("yhat")),
        ["huber"] = d => OracleLosses.HuberWithGradient(d.V("y"), d.V("yhat"), d.G("yhat"), d.S("delta", 1)),
        ["smooth_l1"] = d => OracleLosses.SmoothL1WithGradient(d.V("y"), d.V("yhat"), d.G("yhat"), d.S("beta", 0.5)),
        ["bce"] = d => OracleLosses.BceWithGradient(d.V("y"), d.V("p"), d.G("p")),
        ["bce_logits"] = d => OracleLosses.BceLogitsWithGradient(d.V("y"), d.V("z"), d.G("z")),
        ["bce_logits_pos_weight"] = d => OracleLosses.BceLogitsPosWeightWithGradient(d.V("y"), d.V("z"), d.G("z"), d.S("pos_weight", 3)),
        ["focal_probs"] = d => OracleLosses.FocalProbsWithGradient(d.V("y"), d.V("p"), d.G("p"), d.S("alpha", 0.25), d.S("gamma", 2)),
        ["focal_logits"] = d => OracleLosses.FocalLogitsWithGradient(d.V("y"), d.V("z"), d.G("z"), d.S("alpha", 0.25), d.S("gamma", 2)),
        ["hinge"] = d => OracleLosses.HingeWithGradient(d.V("y"), d.V("s"), d.G("s")),
        ["soft_margin"] = d => OracleLosses.SoftMarginWithGradient(d.V("y"), d.V("s"), d.G("s")),
        ["hinge_embedding"] = d => OracleLosses.HingeEmbeddingWithGradient(d.V("y"), d.V("s"), d.G("s"), d.S("margin", 1)),
        ["margin_ranking"] = d => OracleLosses.MarginRankingWithGradient(d.V("y"), d.V("s1"), d.V("s2"), d.G("s1"), d.G("s2"), d.S("margin", 0.5)),
        ["poisson_nll"] = d => OracleLosses.PoissonNllWithGradient(d.V("count"), d.V("logRate"), d.G("logRate")),
        ["gaussian_nll"] = d => OracleLosses.GaussianNllWithGradient(d.V("y"), d.V("mu"), d.V("var"), d.G("mu"), d.G("var")),
        ["cce_probs"] = d => OracleLosses.CceProbsWithGradient(d.M("y"), d.M("p"), d.GM("p")),
        ["cce_logits"] = d => OracleLosses.CceLogitsWithGradient(d.M("y"), d.M("z"), d.GM("z")),
        ["sparse_ce"] = d => OracleLosses.SparseCeWithGradient(d.M("z"), d.L("t"), d.GM("z")),
        ["sparse_ce_weighted"] = d => OracleLosses.SparseCeWeightedWithGradient(d.M("z"), d.V("w"), d.L("t"), d.GM("z")),
        ["sparse_ce_label_smoothing"] = d => OracleLosses.SparseCeLabelSmoothingWithGradient(d.M("z"), d.L("t"), d.GM("z"), d.S("epsilon", 0.1)),
        ["nll"] = d => OracleLosses.NllWithGradient(d.M("logp"), d.L("t"), d.GM("logp")),
        ["kl_div"] = d => OracleLosses.KlDivWithGradient(d.M("logp"), d.M("q"), d.GM("logp")),
        ["multi_margin"] = d => OracleLosses.MultiMarginWithGradient(d.M("z"), d.L("t"), d.GM("z"), d.S("margin", 1)),
        ["multilabel_soft_margin"] = d => OracleLosses.MultilabelSoftMarginWithGradient(d.M("y"), d.M("z"), d.GM("z")),
        ["multitask"] = d => OracleLosses.MultiTaskWithGradient(d.V("steer"), d.V("steerHat"), d.M("z"), d.L("t"), d.G("steerHat"), d.GM("z"), d.S("lambda1", 0.7), d.S("lambda2", 0.3)),
        ["triplet"] = d => OracleLosses.TripletWithGradient(d.M("a"), d.M("p"), d.M("n"), d.GM("a"), d.GM("p"), d.GM("n"), d.S("margin", 1)),
        ["cosine_embedding"] = d => OracleLosses.CosineEmbeddingWithGradient(d.M("x1"), d.M("x2"), d.V("y"), d.GM("x1"), d.GM("x2"), d.S("margin", 0.2)),
    };

    public static readonly global::System.Collections.Generic.Dictionary<string, global::System.Action<CaseData<double>>> DoublePerSample = new()
    {
        ["mse"] = d => OracleLosses.MsePerSample(d.V("y"), d.V("yhat"), d.PerSample()),
        ["bce"] = d => OracleLosses.BcePerSample(d.V("y"), d.V("p"), d.PerSample()),
        ["sparse_ce"] = d => OracleLosses.SparseCePerSample(d.M("z"), d.L("t"), d.PerSample()),
    };

    public static readonly global::System.Collections.Generic.Dictionary<string, global::System.Func<CaseData<float>, float>> SingleForward = new()
    {
        ["mse"] = d => OracleLossesF.Mse(d.V("y"), d.V("yhat")),
        ["mae"] = d => OracleLossesF.Mae(d.V("y"), d.V("yhat")),
        ["asymmetric_mae"] = d => OracleLossesF.AsymmetricMae(d.V("y"), d.V("yhat")),
        ["huber"] = d => OracleLossesF.Huber(d.V("y"), d.V("yhat"), d.S("delta", 1)),
        ["smooth_l1"] = d => OracleLossesF.SmoothL1(d.V("y"), d.V("yhat"), d.S("beta", 0.5)),
        ["bce"] = d => OracleLossesF.Bce(d.V("y"), d.V("p")),
        ["bce_logits"] = d => OracleLossesF.BceLogits(d.V("y"), d.V("z")),
        ["bce_logits_pos_weight"] = d => OracleLossesF.BceLogitsPosWeight(d.V("y"), d.V("z"), d.S("pos_weight", 3)),
        ["focal_probs"] = d => OracleLossesF.FocalProbs(d.V("y"), d.V("p"), d.S("alpha", 0.25), d.S("gamma", 2)),
        ["focal_logits"] = d => OracleLossesF.FocalLogits(d.V("y"), d.V("z"), d.S("alpha", 0.25), d.S("gamma", 2)),
        ["hinge"] = d => OracleLossesF.Hinge(d.V("y"), d.V("s")),
        ["soft_margin"] = d => OracleLossesF.SoftMargin(d.V("y"), d.V("s")),
        ["hinge_embedding"] = d => OracleLossesF.HingeEmbedding(d.V("y"), d.V("s"), d.S("margin", 1)),
        ["margin_ranking"] = d => OracleLossesF.MarginRanking(d.V("y"), d.V("s1"), d.V("s2"), d.S("margin", 0.5)),
        ["poisson_nll"] = d => OracleLossesF.PoissonNll(d.V("count"), d.V("logRate")),
        ["gaussian_nll"] = d => OracleLossesF.GaussianNll(d.V("y"), d.V("mu"), d.V("var")),
        ["cce_probs"] = d => OracleLossesF.CceProbs(d.M("y"), d.M("p")),
        ["cce_logits"] = d => OracleLossesF.CceLogits(d.M("y"), d.M("z")),
        ["sparse_ce"] = d => OracleLossesF.SparseCe(d.M("z"), d.L("t")),
        ["sparse_ce_weighted"] = d => OracleLossesF.SparseCeWeighted(d.M("z"), d.V("w"), d.L("t")),
        ["sparse_ce_label_smoothing"] = d => OracleLossesF.SparseCeLabelSmoothing(d.M("z"), d.L("t"), d.S("epsilon", 0.1)),
        ["nll"] = d => OracleLossesF.Nll(d.M("logp"), d.L("t")),
        ["kl_div"] = d => OracleLossesF.KlDiv(d.M("logp"), d.M("q")),
        ["multi_margin"] = d => OracleLossesF.MultiMargin(d.M("z"), d.L("t"), d.S("margin", 1)),
        ["multilabel_soft_margin"] = d => OracleLossesF.MultilabelSoftMargin(d.M("y"), d.M("z")),
        ["multitask"] = d => OracleLossesF.MultiTask(d.V("steer"), d.V("steerHat"), d.M("z"), d.L("t"), d.S("lambda1", 0.7), d.S("lambda2", 0.3)),
        ["triplet"] = d => OracleLossesF.Triplet(d.M("a"), d.M("p"), d.M("n"), d.S("margin", 1)),
        ["cosine_embedding"] = d => OracleLossesF.CosineEmbedding(d.M("x1"), d.M("x2"), d.V("y"), d.S("margin", 0.2)),
    };

    public static readonly global::System.Collections.Generic.Dictionary<string, global::System.Func<CaseData<float>, float>> SingleWithGradient = new()
    {
        ["mse"] = d => OracleLossesF.MseWithGradient(d.V("y"), d.V("yhat"), d.G("yhat")),
        ["mae"] = d => OracleLossesF.MaeWithGradient(d.V("y"), d.V("yhat"), d.G("yhat")),
        ["asymmetric_mae"] = d => OracleLossesF.AsymmetricMaeWithGradient(d.V("y"), d.V("yhat"), d.G("yhat")),
        ["huber"] = d => OracleLossesF.HuberWithGradient(d.V("y"), d.V("yhat"), d.G("yhat"), d.S("delta", 1)),
        ["smooth_l1"] = d => OracleLossesF.SmoothL1WithGradient(d.V("y"), d.V("yhat"), d.G("yhat"), d.S("beta", 0.5)),
        ["bce"] = d => OracleLossesF.BceWithGradient(d.V("y"), d.V("p"), d.G("p")),
        ["bce_logits"] = d => OracleLossesF.BceLogitsWithGradient(d.V("y"), d.V("z"), d.G("z")),
        ["bce_logits_pos_weight"] = d => OracleLossesF.BceLogitsPosWeightWithGradient(d.V("y"), d.V("z"), d.G("z"), d.S("pos_weight", 3)),
        ["focal_probs"] = d => OracleLossesF.FocalProbsWithGradient(d.V("y"), d.V("p"), d.G("p"), d.S("alpha", 0.25), d.S("gamma", 2)),
        ["focal_logits"] = d => OracleLossesF.FocalLogitsWithGradient(d.V("y"), d.V("z"), d.G("z"), d.S("alpha", 0.25), d.S("gamma", 2)),
        ["hinge"] = d => OracleLossesF.HingeWithGradient(d.V("y"), d.V("s"), d.G("s")),
        ["soft_margin"] = d => OracleLossesF.SoftMarginWithGradient(d.V("y"), d.V("s"), d.G("s")),
        ["hinge_embedding"] = d => OracleLossesF.HingeEmbeddingWithGradient(d.V("y"), d.V("s"), d.G("s"), d.S("margin", 1)),
        ["margin_ranking"] = d => OracleLossesF.MarginRankingWithGradient(d.V("y"), d.V("s1"), d.V("s2"), d.G("s1"), d.G("s2"), d.S("margin", 0.5)),
        ["poisson_nll"] = d => OracleLossesF.PoissonNllWithGradient(d.V("count"), d.V("logRate"), d.G("logRate")),
        ["gaussian_nll"] = d => OracleLossesF.GaussianNllWithGradient(d.V("y"), d.V("mu"), d.V("var"), d.G("mu"), d.G("var")),
        ["cce_probs"] = d => OracleLossesF.CceProbsWithGradient(d.M("y"), d.M("p"), d.GM("p")),
        ["cce_logits"] = d => OracleLossesF.CceLogitsWithGradient(d.M("y"), d.M("z"), d.GM("z")),
        ["sparse_ce"] = d => OracleLossesF.SparseCeWithGradient(d.M("z"), d.L("t"), d.GM("z")),
        ["sparse_ce_weighted"] = d => OracleLossesF.SparseCeWeightedWithGradient(d.M("z"), d.V("w"), d.L("t"), d.GM("z")),
        ["sparse_ce_label_smoothing"] = d => OracleLossesF.SparseCeLabelSmoothingWithGradient(d.M("z"), d.L("t"), d.GM("z"), d.S("epsilon", 0.1)),
        ["nll"] = d => OracleLossesF.NllWithGradient(d.M("logp"), d.L("t"), d.GM("logp")),
        ["kl_div"] = d => OracleLossesF.KlDivWithGradient(d.M("logp"), d.M("q"), d.GM("logp")),
        ["multi_margin"] = d => OracleLossesF.MultiMarginWithGradient(d.M("z"), d.L("t"), d.GM("z"), d.S("margin", 1)),
        ["multilabel_soft_margin"] = d => OracleLossesF.MultilabelSoftMarginWithGradient(d.M("y"), d.M("z"), d.GM("z")),
        ["multitask"] = d => OracleLossesF.MultiTaskWithGradient(d.V("steer"), d.V("steerHat"), d.M("z"), d.L("t"), d.G("steerHat"), d.GM("z"), d.S("lambda1", 0.7), d.S("lambda2", 0.3)),
        ["triplet"] = d => OracleLossesF.TripletWithGradient(d.M("a"), d.M("p"), d.M("n"), d.GM("a"), d.GM("p"), d.GM("n"), d.S("margin", 1)),
        ["cosine_embedding"] = d => OracleLossesF.CosineEmbeddingWithGradient(d.M("x1"), d.M("x2"), d.V("y"), d.GM("x1"), d.GM("x2"), d.S("margin", 0.2)),
    };

    public static readonly global::System.Collections.Generic.Dictionary<string, global::System.Action<CaseData<float>>> SinglePerSample = new()
    {
        ["mse"] = d => OracleLossesF.MsePerSample(d.V("y"), d.V("yhat"), d.PerSample()),
        ["bce"] = d => OracleLossesF.BcePerSample(d.V("y"), d.V("p"), d.PerSample()),
        ["sparse_ce"] = d => OracleLossesF.SparseCePerSample(d.M("z"), d.L("t"), d.PerSample()),
    };
}
