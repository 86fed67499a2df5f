using Spectre.Console;

namespace MtcnnCuda.Trainer.Cli;

/// <summary>
/// Spectre.Console progress bars for the long commands, one bar per phase or epoch (they degrade to plain lines
/// when the output is not a terminal, e.g. in CI logs).
/// </summary>
internal sealed class ConsoleProgress(ProgressContext context)
{
    private readonly Dictionary<string, ProgressTask> _tasks = [];

    public static T Run<T>(Func<ConsoleProgress, T> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => work(new ConsoleProgress(ctx)));

    public void Prepare(string phase, long done, long total) => Update(phase, done, total);

    public void Train(int epoch, int step, int steps, double loss)
    {
        var task = Update($"epoch {epoch}", step, steps);
        if (step == steps || step % 20 == 0) task.Description = $"epoch {epoch} loss {loss:F4}";
    }

    public void Log(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

    private ProgressTask Update(string key, long done, long total)
    {
        if (!_tasks.TryGetValue(key, out var task)) _tasks[key] = task = context.AddTask(key, maxValue: Math.Max(1, total));
        task.MaxValue = Math.Max(1, total);
        task.Value = done;
        return task;
    }
}
