namespace MtcnnCuda.Perf.Eval;

/// <summary>Detections of one annotated image.</summary>
public sealed record ImageResult(ImageAnnotation Annotation, IReadOnlyList<ScoredBox> Detections);

/// <summary>Score of one subset: PR curve (exact), AP exact and with the official 1000-threshold sampling.</summary>
public sealed record SubsetScore(string Name, long Positives, PrCurve Curve, double ApOfficial);

/// <summary>Everything <c>mtcnn eval</c> reports for a detection set.</summary>
public sealed record DetectionScores(int Images, long Detections, IReadOnlyList<SubsetScore> Subsets, IReadOnlyList<RocPoint> Roc, long RocPositives);

/// <summary>Scores detections against annotations (pure; the detector runs elsewhere).</summary>
public static class DetectionEvaluation
{
    /// <summary>
    /// WIDER-style data (attributes present): easy/medium/hard by <see cref="WiderSubsets"/>; otherwise one "all"
    /// subset of valid faces. The discrete ROC always uses every valid face and one-to-one matching.
    /// </summary>
    public static DetectionScores Score(IReadOnlyList<ImageResult> results, bool widerSubsets)
    {
        var subsets = new List<SubsetScore>();
        var rules = widerSubsets
            ? Enum.GetValues<Difficulty>().Select(d => (d.ToString().ToLowerInvariant(), (Func<GtFace, bool>)(f => WiderSubsets.Counts(f, d))))
            : [("all", WiderSubsets.CountsWhenValid)];
        foreach (var (name, rule) in rules)
        {
            var outcomes = new List<DetectionOutcome>();
            long positives = 0;
            foreach (var r in results)
            {
                var counted = r.Annotation.Faces.Select(rule).ToArray();
                positives += counted.Count(c => c);
                outcomes.AddRange(Matching.Wider(r.Detections, r.Annotation.Faces.Select(f => f.Box).ToArray(), counted));
            }
            var exact = PrCurve.Compute(outcomes, positives);
            var official = PrCurve.Compute(outcomes, positives, officialThresholds: true);
            subsets.Add(new SubsetScore(name, positives, exact, official.AveragePrecision));
        }

        var rocOutcomes = new List<DetectionOutcome>();
        long rocPositives = 0;
        foreach (var r in results)
        {
            var counted = r.Annotation.Faces.Select(WiderSubsets.CountsWhenValid).ToArray();
            rocPositives += counted.Count(c => c);
            rocOutcomes.AddRange(Matching.OneToOne(r.Detections, r.Annotation.Faces.Select(f => f.Box).ToArray(), counted));
        }
        return new DetectionScores(results.Count, results.Sum(r => (long)r.Detections.Count), subsets,
            DiscreteRoc.Compute(rocOutcomes, rocPositives), rocPositives);
    }

    /// <summary>Counted faces that no detection found (one-to-one), largest first: the worst misses.</summary>
    public static IEnumerable<(ImageResult Image, GtFace Face)> Misses(IReadOnlyList<ImageResult> results)
    {
        foreach (var r in results)
        {
            var faces = r.Annotation.Faces;
            var counted = faces.Select(WiderSubsets.CountsWhenValid).ToArray();
            var outcomes = Matching.OneToOne(r.Detections, faces.Select(f => f.Box).ToArray(), counted);
            var found = new HashSet<int>(outcomes.Where(o => o.MatchedFace >= 0).Select(o => o.MatchedFace));
            for (int i = 0; i < faces.Count; i++)
                if (counted[i] && !found.Contains(i)) yield return (r, faces[i]);
        }
    }

    /// <summary>Detections matching no face (one-to-one), highest score first: the worst false alarms.</summary>
    public static IEnumerable<(ImageResult Image, ScoredBox Detection)> FalseAlarms(IReadOnlyList<ImageResult> results)
    {
        foreach (var r in results)
        {
            var faces = r.Annotation.Faces;
            var counted = faces.Select(WiderSubsets.CountsWhenValid).ToArray();
            var outcomes = Matching.OneToOne(r.Detections, faces.Select(f => f.Box).ToArray(), counted);
            var sorted = r.Detections.OrderByDescending(d => d.Score).ToArray();
            for (int n = 0; n < outcomes.Length; n++)
                if (outcomes[n].MatchedFace < 0) yield return (r, sorted[n]);
        }
    }
}
