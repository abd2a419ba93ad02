using System.Globalization;
using Ivm.Emulator.Tests.Oracle;
using Xunit;

namespace Ivm.Emulator.Tests.Execution;

/// <summary>
/// Programs/linux/format prints integers (signed decimal and hexadecimal) and doubles (fixed point,
/// six decimals) through write(); every line must be what .NET's own formatting gives for the same
/// values, which are listed here exactly as the program's data holds them.
/// </summary>
public sealed class FormattedOutputTests
{
    private static readonly long[] s_integers = [0, 1, -1, 42, -1234567890, long.MaxValue, long.MinValue];

    private static readonly ulong[] s_doubles =
    [
        0x400921fb54442d18, // pi
        0xc004000000000000, // -2.5
        0x40934a456d5cfaad, // 1234.5678
        0x3fb999999999999a, // 0.1
        0x3e7ad7f29abcaf48, // 1e-7
        0x0000000000000000, // 0.0
        0xc0c81c8000000000, // -12345.0
    ];

    [Fact]
    public void NumbersPrintAsDotNetFormatsThem()
    {
        var expected = new List<string>();
        foreach (long value in s_integers)
        {
            expected.Add("int " + value.ToString(CultureInfo.InvariantCulture));
            expected.Add("hex " + value.ToString("x", CultureInfo.InvariantCulture));
        }

        foreach (ulong bits in s_doubles)
        {
            double value = BitConverter.UInt64BitsToDouble(bits);
            // The program prints the sign, then |x| scaled by 10^6 and rounded to nearest (even);
            // none of these values is near a tie, so .NET's F6 is the same text.
            string text = Math.Abs(value).ToString("F6", CultureInfo.InvariantCulture);
            expected.Add("fixed " + (double.IsNegative(value) && value != 0 ? "-" : "") + text);
        }

        var test = TestProcess.Start(Path.Combine(Paths.TestPrograms, "linux", "format"));
        test.Process.Run(10_000_000);
        Assert.True(test.Process.ShellStatus == 0, $"{test.Output}\n{test.Errors}");
        Assert.Equal(expected, test.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
