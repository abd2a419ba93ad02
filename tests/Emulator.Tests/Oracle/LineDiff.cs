using System.Text;

namespace Ivm.Emulator.Tests.Oracle;

/// <summary>Compares two lists of listing lines and describes the first differences readably.</summary>
internal static class LineDiff
{
    public static (int Compared, int Mismatched, string Report) Compare(IReadOnlyList<string> expected, IReadOnlyList<string> actual, int show = 20)
    {
        var report = new StringBuilder();
        int mismatched = 0;
        int n = Math.Max(expected.Count, actual.Count);
        for (int i = 0; i < n; i++)
        {
            string? e = i < expected.Count ? expected[i] : null;
            string? a = i < actual.Count ? actual[i] : null;
            if (e == a)
            {
                continue;
            }

            if (++mismatched <= show)
            {
                report.Append("  objdump: ").Append(e ?? "<missing>").Append('\n');
                report.Append("  ivm:     ").Append(a ?? "<missing>").Append('\n');
            }
        }

        return (Math.Min(expected.Count, actual.Count), mismatched, report.ToString());
    }
}
