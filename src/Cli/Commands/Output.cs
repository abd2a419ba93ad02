using System.Text;

namespace Ivm.Cli.Commands;

/// <summary>Standard output as bytes: UTF-8 and "\n" whatever the console's settings.</summary>
public static class Output
{
    public static async Task WriteAsync(string text)
    {
        using var stdout = Console.OpenStandardOutput();
        await stdout.WriteAsync(Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Asks a yes/no question on the terminal, as HPVM's "[n/y]" prompts; only "y" or "yes" agrees.
    /// </summary>
    public static bool Confirm(string question)
    {
        Console.Error.Write($"{question} [n/y]: ");
        string? answer = Console.In.ReadLine();
        return answer?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
