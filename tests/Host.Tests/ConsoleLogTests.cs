extern alias agent;

using agent::Ivm.Host.Consoles;
using Xunit;

namespace Ivm.Host.Tests;

/// <summary>
/// The console log's ring (growing, wrapping, re-laid on growth) and its file behind it: every byte
/// reads back at its offset, whether it is still in memory or only on disk, and after a reopen.
/// </summary>
public sealed class ConsoleLogTests : IDisposable
{
    private readonly string _directory = Paths.NewDataDirectory("console");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void EveryByteReadsBackAtItsOffsetFromRingOrFile()
    {
        string path = Path.Combine(_directory, "guest.log");
        var random = new Random(4);
        var expected = new List<byte>();
        using (var log = new ConsoleLog(path))
        {
            // Sizes from one byte to more than the ring, so it grows, wraps and drops to the file.
            int[] sizes = [1, 7, 4095, 4097, 100, 65_536, 300_000, 1 << 20, 3, (1 << 20) + 5, 12_345, 999_999];
            foreach (int size in sizes)
            {
                var chunk = new byte[size];
                random.NextBytes(chunk);
                log.Write(chunk);
                expected.AddRange(chunk);
                Assert.Equal(expected.Count, log.Length);
                for (int probe = 0; probe < 20; probe++)
                {
                    long offset = random.NextInt64(expected.Count);
                    CheckRead(log, expected, offset, random.Next(1, 70_000));
                }

                CheckRead(log, expected, expected.Count - size, size);
            }

            Assert.Equal(expected, ReadAll(log));
            Assert.Equal(0, log.Read(expected.Count, new byte[10]));
        }

        using var reopened = new ConsoleLog(path);
        Assert.Equal(expected.Count, reopened.Length);
        Assert.Equal(expected, ReadAll(reopened));
    }

    [Fact]
    public async Task AWaiterWakesOnOutputAndOnClose()
    {
        using var log = new ConsoleLog(Path.Combine(_directory, "wait.log"));
        var waiting = log.WaitAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        log.Write("x"u8);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(log.WaitAsync(0, CancellationToken.None).IsCompleted);

        var more = log.WaitAsync(1, CancellationToken.None);
        log.Dispose();
        await more.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(log.IsClosed);
    }

    private static void CheckRead(ConsoleLog log, List<byte> expected, long offset, int length)
    {
        var buffer = new byte[length];
        int n = log.Read(offset, buffer);
        Assert.True(n > 0 && n <= Math.Min(length, expected.Count - offset), $"read {n} at {offset}");
        Assert.True(expected.Skip((int)offset).Take(n).SequenceEqual(buffer.Take(n)), $"bytes differ at offset {offset} (length {n})");
    }

    private static List<byte> ReadAll(ConsoleLog log)
    {
        var all = new List<byte>();
        var buffer = new byte[50_000];
        int n;
        while ((n = log.Read(all.Count, buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return all;
    }
}
