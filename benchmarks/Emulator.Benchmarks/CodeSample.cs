using Ivm.Emulator.Elf;

namespace Ivm.Emulator.Benchmarks;

/// <summary>Real code for the benchmarks: the executable sections of the assembled guest programs, repeated.</summary>
internal static class CodeSample
{
    public static byte[] Load(int bundles)
    {
        var code = new List<byte>();
        string root = FindGuests();
        foreach (string file in Directory.GetFiles(root, "*.o", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var elf = ElfFile.Load(file);
            foreach (var section in elf.Sections.Where(s => s.IsCode))
            {
                code.AddRange(elf.Contents(section).ToArray());
            }
        }

        if (code.Count < 16)
        {
            throw new InvalidOperationException($"no assembled guest code under {root}: build guests/ first");
        }

        var result = new byte[bundles * 16];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = code[i % (code.Count & ~15)];
        }

        return result;
    }

    private static string FindGuests()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string guests = Path.Combine(dir.FullName, "guests", "bin", "ia64");
            if (Directory.Exists(guests))
            {
                return guests;
            }
        }

        throw new InvalidOperationException("guests/bin/ia64 not found: run dotnet build guests first");
    }
}
