using System.Globalization;

namespace MtcnnCuda.Trainer.Training;

/// <summary>Training losses and validation metrics of one epoch, as one CSV row.</summary>
public sealed record EpochMetrics
{
    public int Epoch { get; init; }
    public double LearningRate { get; init; }
    public double TrainLoss { get; init; }
    public double TrainClassLoss { get; init; }
    public double TrainBoxLoss { get; init; }
    public double TrainLandmarkLoss { get; init; }
    public double ValLoss { get; init; }
    /// <summary>Positives and negatives classified correctly at probability 0.5.</summary>
    public double ValAccuracy { get; init; }
    /// <summary>Positives with face probability above the stage's detection threshold.</summary>
    public double ValRecall { get; init; }
    /// <summary>Negatives with face probability above the stage's threshold.</summary>
    public double ValFalsePositiveRate { get; init; }
    /// <summary>Mean squared error of the box offsets (sum over the 4) on positives and parts.</summary>
    public double ValBoxError { get; init; }
    /// <summary>Mean squared error of the landmarks (sum over the 10) on landmark samples.</summary>
    public double ValLandmarkError { get; init; }
    public double SamplesPerSecond { get; init; }
    public double EpochSeconds { get; init; }

    public const string CsvHeader =
        "epoch,lr,train_loss,train_cls,train_box,train_landmark,val_loss,val_accuracy,val_recall,val_fpr,val_box_mse,val_landmark_mse,samples_per_s,epoch_s";

    public string ToCsv() => string.Join(",", new double[]
    {
        Epoch, LearningRate, TrainLoss, TrainClassLoss, TrainBoxLoss, TrainLandmarkLoss, ValLoss, ValAccuracy, ValRecall,
        ValFalsePositiveRate, ValBoxError, ValLandmarkError, SamplesPerSecond, EpochSeconds,
    }.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));

    public static EpochMetrics FromCsv(string line)
    {
        var v = line.Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return new EpochMetrics
        {
            Epoch = (int)v[0], LearningRate = v[1], TrainLoss = v[2], TrainClassLoss = v[3], TrainBoxLoss = v[4], TrainLandmarkLoss = v[5],
            ValLoss = v[6], ValAccuracy = v[7], ValRecall = v[8], ValFalsePositiveRate = v[9], ValBoxError = v[10], ValLandmarkError = v[11],
            SamplesPerSecond = v[12], EpochSeconds = v[13],
        };
    }
}
