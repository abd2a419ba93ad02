using System.Globalization;
using Ivm.Emulator.Isa;
using Ivm.Tools.IsaDiff;

// isadiff: compare our disassembly of random bundles with GNU objdump's, for developing the
// instruction table. Usage:
//   isadiff [--type A|I|M|B|F|X] [--op N] [--count N] [--seed N] [--show N]
//   isadiff --file code.bin   (flat code, e.g. objcopy -O binary -j .text x.o code.bin)
// --type limits the report to slots of that instruction type (and shapes the bundles so such slots
// occur); --op fixes their major opcode. Mismatches print as "ours" / "objdump" pairs with raw slot bits.
var options = new Dictionary<string, string>();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

int count = int.Parse(options.GetValueOrDefault("count", "20000"), CultureInfo.InvariantCulture);
int seed = int.Parse(options.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);
int show = int.Parse(options.GetValueOrDefault("show", "40"), CultureInfo.InvariantCulture);
InstructionType? type = options.TryGetValue("type", out var t) ? Enum.Parse<InstructionType>(t, true) : null;
int? op = options.TryGetValue("op", out var o) ? int.Parse(o, CultureInfo.InvariantCulture) : null;

var rng = new Random(seed);
var code = options.TryGetValue("file", out var file) ? File.ReadAllBytes(file) : new byte[count * 16];
if (file is not null)
{
    count = 0;
}

var focusSlots = new List<(int Bundle, int Slot)>();
for (int b = 0; b < count; b++)
{
    var bytes = code.AsSpan(b * 16, 16);
    rng.NextBytes(bytes);
    if (type is null)
    {
        continue;
    }

    // Pick a template with a slot of the wanted unit, and force that slot's type and opcode.
    var candidates = new List<(int Template, int Slot)>();
    for (int ti = 0; ti < 16; ti++)
    {
        var tmpl = Template.All[ti];
        for (int s = 0; s < 3; s++)
        {
            var unit = tmpl.UnitOf(s);
            bool fits = type switch
            {
                InstructionType.A => unit is SlotUnit.I or SlotUnit.M,
                InstructionType.I => unit == SlotUnit.I,
                InstructionType.M => unit == SlotUnit.M,
                InstructionType.B => unit == SlotUnit.B,
                InstructionType.F => unit == SlotUnit.F,
                _ => unit == SlotUnit.X,
            };
            if (fits)
            {
                candidates.Add((ti, s));
            }
        }
    }

    var (template, slot) = candidates[rng.Next(candidates.Count)];
    ulong lo = BitConverter.ToUInt64(bytes), hi = BitConverter.ToUInt64(bytes[8..]);
    lo = (lo & ~0x1eUL) | ((ulong)template << 1);
    var bundle = new Bundle(lo, hi);
    ulong s41 = bundle.Slot(slot);
    int major = op ?? (int)(s41 >> 37);
    if (op is null && type == InstructionType.A && major < 8)
    {
        major |= 8;
    }
    else if (op is null && type is InstructionType.I or InstructionType.M && major >= 8)
    {
        major &= 7;
    }

    s41 = (s41 & ~(0xfUL << 37)) | ((ulong)major << 37);
    (lo, hi) = WithSlot(lo, hi, slot, s41);
    BitConverter.TryWriteBytes(bytes, lo);
    BitConverter.TryWriteBytes(bytes[8..], hi);
    // An MLX bundle lists its X instruction on the line of slot 1; slot 2's address is the
    // continuation line, which holds only bytes.
    focusSlots.Add((b, type == InstructionType.X ? 1 : slot));
}

string path = Path.Combine(Path.GetTempPath(), $"isadiff-{Environment.ProcessId}.bin");
File.WriteAllBytes(path, code);
var theirs = ObjdumpOracle.DisassembleRaw(path);
var ours = ObjdumpOracle.OursRaw(code);
File.Delete(path);

var focus = type is null ? null : focusSlots.Select(f => f.Bundle * 16 + f.Slot * 6).ToHashSet();
int compared = 0, mismatched = 0;
var theirsByAddress = theirs.ToDictionary(l => Convert.ToInt64(l[..l.IndexOf(':')].Trim(), 16));
foreach (var line in ours)
{
    long address = Convert.ToInt64(line[..line.IndexOf(':')].Trim(), 16);
    if (focus is not null && !focus.Contains((int)address))
    {
        continue;
    }

    compared++;
    if (!theirsByAddress.TryGetValue(address, out var reference) || reference != line)
    {
        mismatched++;
        if (mismatched <= show)
        {
            int bundleIndex = (int)(address / 16), slotIndex = (int)(address % 16) / 6;
            var bundle = Bundle.Read(code.AsSpan(bundleIndex * 16, 16));
            ulong raw = bundle.Slot(slotIndex == 1 && bundle.Template.IsLongImmediate ? 2 : slotIndex);
            Console.WriteLine($"slot {raw:x11} op={raw >> 37} [{bundle.Template.Name}]");
            Console.WriteLine($"  ours:    {line}");
            Console.WriteLine($"  objdump: {reference}");
        }
    }
}

Console.WriteLine($"{compared} lines compared, {mismatched} mismatched");
return mismatched == 0 ? 0 : 1;

static (ulong Lo, ulong Hi) WithSlot(ulong lo, ulong hi, int slot, ulong value)
{
    const ulong m = Bundle.SlotMask;
    switch (slot)
    {
        case 0:
            lo = (lo & ~(m << 5)) | (value << 5);
            break;
        case 1:
            lo = (lo & ((1UL << 46) - 1)) | (value << 46);
            hi = (hi & ~((1UL << 23) - 1)) | (value >> 18);
            break;
        default:
            hi = (hi & ((1UL << 23) - 1)) | (value << 23);
            break;
    }

    return (lo, hi);
}
