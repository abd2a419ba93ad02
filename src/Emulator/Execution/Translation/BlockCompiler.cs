using System.Reflection;
using System.Reflection.Emit;
using Ivm.Emulator.Cpu;
using Ivm.Emulator.Isa;

namespace Ivm.Emulator.Execution.Translation;

/// <summary>
/// Translates a run of decoded bundles into IL. Each instruction becomes a direct call of its
/// interpreter handler on a copy of its decoded form built from constants (so the JIT inlines the
/// handler and folds every field it reads: register numbers, immediates, completers), behind a
/// guard on its qualifying predicate with the predicate number as a constant. What disappears is the run loop's
/// work per instruction: fetching the slot, looking up handler and guard, testing for branches after
/// instructions that cannot branch. The semantics are the handlers', so the interpreter and the
/// translated code cannot disagree; tests run every program both ways.
/// A block ends after the first bundle holding a branch that always runs (its predicate is p0: an
/// unconditional branch, call or return, or a loop branch), at a reserved template, after
/// <see cref="MaxBundles"/> bundles, or at the page end; predicated branches, checks and system
/// calls leave through exits in the middle when they branch or stop.
/// </summary>
internal static unsafe class BlockCompiler
{
    public const int MaxBundles = 32;

    private static readonly MethodInfo s_getCpu = typeof(Vcpu).GetProperty(nameof(Vcpu.Cpu))!.GetMethod!;
    private static readonly MethodInfo s_setIp = typeof(CpuState).GetProperty(nameof(CpuState.Ip))!.SetMethod!;
    private static readonly MethodInfo s_setSlot = typeof(CpuState).GetProperty(nameof(CpuState.Slot))!.SetMethod!;
    private static readonly MethodInfo s_getPr = typeof(CpuState).GetMethod(nameof(CpuState.GetPr))!;
    private static readonly FieldInfo s_instructions = Field("_instructions");
    private static readonly FieldInfo s_bundleEnd = Field("_bundleEnd");
    private static readonly FieldInfo s_stop = Field("_stop");
    private static readonly FieldInfo s_limit = Field("_limit");
    private static readonly FieldInfo s_page = Field("_page");
    private static readonly MethodInfo s_getMemory = typeof(Vcpu).GetProperty(nameof(Vcpu.Memory))!.GetMethod!;
    private static readonly MethodInfo s_isCurrent = typeof(CodeCache.DecodedPage).GetMethod(nameof(CodeCache.DecodedPage.IsCurrent))!;
    private static readonly FieldInfo s_branched = typeof(Vcpu).GetField(nameof(Vcpu.Branched), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo s_branchTarget = typeof(Vcpu).GetField(nameof(Vcpu.BranchTarget), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly ConstructorInfo s_decodedConstructor = typeof(DecodedInst).GetConstructor([typeof(ushort), typeof(ulong), typeof(long)])!;
    private static readonly Type[] s_handlerParameters = [typeof(Vcpu), typeof(DecodedInst).MakeByRefType()];

    private static FieldInfo Field(string name) =>
        typeof(Vcpu).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic) ?? throw new InvalidOperationException($"Vcpu.{name} is missing");

    /// <summary>
    /// Compiles the block starting at <paramref name="first"/> on the <see cref="CompilerThread"/>,
    /// JIT included, and then publishes it in <paramref name="page"/>'s block table, where the vCPU
    /// picks it up at the block's next entry. A page replaced meanwhile (its code was written) simply
    /// never runs it.
    /// </summary>
    public static void CompileInBackground(PageCode page, int first) => CompilerThread.Enqueue(page, first);

    internal static void CompileAndPublish(PageCode page, int first)
    {
        try
        {
            var block = Compile(page, first);
            if (block is not null)
            {
                PrepareForRun(block.Method);
                Volatile.Write(ref page.Blocks[first], block);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A block that cannot be translated stays interpreted (same semantics); one bad block
            // must not take down a host running many guests. Counted and traced, not hidden.
            Interlocked.Increment(ref s_failures);
            System.Diagnostics.Trace.TraceError($"ia64 block 0x{page.Address + (ulong)first * Bundle.Size:x} not translated: {e}");
        }
    }

    /// <summary>Background compilations that failed (their code stays interpreted).</summary>
    public static long Failures => Interlocked.Read(ref s_failures);

    private static long s_failures;

    // The JIT compiles a dynamic method at its first call unless asked earlier: RuntimeHelpers can
    // prepare it only through its internal method handle. Where that is not available the first
    // call compiles it, as it would anyway.
    private static readonly Func<DynamicMethod, RuntimeMethodHandle>? s_methodHandle =
        typeof(DynamicMethod).GetMethod("GetMethodDescriptor", BindingFlags.Instance | BindingFlags.NonPublic) is { } descriptor
            && descriptor.ReturnType == typeof(RuntimeMethodHandle)
            ? descriptor.CreateDelegate<Func<DynamicMethod, RuntimeMethodHandle>>()
            : null;

    private static void PrepareForRun(DynamicMethod method)
    {
        if (s_methodHandle is not null)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(s_methodHandle(method));
        }
    }

    /// <summary>The block starting at <paramref name="first"/>, or null when that bundle cannot start one (reserved template).</summary>
    public static TranslatedBlock? Compile(PageCode page, int first)
    {
        int last = LastBundle(page, first);
        if (last < first)
        {
            return null;
        }

        // The first parameter is a dummy the delegate closes over (null): invoking a closed delegate
        // skips the argument-shuffling thunk an open static one needs.
        ulong start = page.Address + (ulong)first * Bundle.Size;
        var method = new DynamicMethod($"ia64_0x{start:x}", null, [typeof(object), typeof(Vcpu)], typeof(Vcpu).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var cpu = il.DeclareLocal(typeof(CpuState));
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, s_getCpu);
        il.Emit(OpCodes.Stloc, cpu);
        var top = il.DefineLabel();
        il.MarkLabel(top);

        var exits = new List<(Label Label, bool Taken, ulong Address, int Slot, int Slots)>();
        var handlers = Semantics.Handlers;
        var methods = Semantics.Methods;
        var transfers = Semantics.MayTransferControl;
        int maxInstructions = 0;
        for (int bundle = first; bundle <= last; bundle++)
        {
            ulong address = page.Address + (ulong)bundle * Bundle.Size;
            int slots = page.SlotCounts[bundle];
            maxInstructions += slots;
            SetIp(il, cpu, address);

            // As in the interpreter: the bundle's slots are counted on entry and the count corrected
            // when it ends early; _bundleEnd lets a fault's handler uncount the slots after it.
            AddInstructions(il, slots);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, slots);
            il.Emit(OpCodes.Stfld, s_bundleEnd);
            for (int slot = 0; slot < slots; slot++)
            {
                int index = bundle * 3 + slot;
                if (page.Handlers[index] == null)
                {
                    continue;
                }

                var skip = il.DefineLabel();
                il.Emit(OpCodes.Ldloc, cpu);
                il.Emit(OpCodes.Ldc_I4, slot);
                il.Emit(OpCodes.Call, s_setSlot);
                int guard = page.Guards[index];
                if (guard != 0)
                {
                    il.Emit(OpCodes.Ldloc, cpu);
                    il.Emit(OpCodes.Ldc_I4, guard);
                    il.Emit(OpCodes.Call, s_getPr);
                    il.Emit(OpCodes.Brfalse, skip);
                }

                // The decoded form is rebuilt in a local from constants: once the handler is inlined,
                // the JIT folds every field it extracts (register numbers, immediates, completers).
                var decoded = page.Slots[index];
                int op = decoded.Op;
                var local = il.DeclareLocal(typeof(DecodedInst));
                il.Emit(OpCodes.Ldloca, local);
                il.Emit(OpCodes.Ldc_I4, op);
                il.Emit(OpCodes.Conv_U2);
                il.Emit(OpCodes.Ldc_I8, (long)decoded.Slot);
                il.Emit(OpCodes.Ldc_I8, decoded.Immediate);
                il.Emit(OpCodes.Call, s_decodedConstructor);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldloca, local);
                if (methods[op] is { } handler)
                {
                    il.Emit(OpCodes.Call, handler);
                }
                else
                {
                    il.Emit(OpCodes.Ldc_I8, (long)handlers[op]);
                    il.Emit(OpCodes.Conv_U);
                    il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, typeof(void), s_handlerParameters, null);
                }

                if (transfers[op])
                {
                    var taken = il.DefineLabel();
                    var stopped = il.DefineLabel();
                    il.Emit(OpCodes.Ldarg_1);
                    il.Emit(OpCodes.Ldfld, s_branched);
                    il.Emit(OpCodes.Brtrue, taken);
                    il.Emit(OpCodes.Ldarg_1);
                    il.Emit(OpCodes.Ldfld, s_stop);
                    il.Emit(OpCodes.Brtrue, stopped);
                    exits.Add((taken, true, address, slot, slots));
                    exits.Add((stopped, false, address, slot, slots));
                }

                il.MarkLabel(skip);
            }
        }

        // Fell through the last bundle.
        SetIp(il, cpu, page.Address + (ulong)(last + 1) * Bundle.Size);
        EndBlock(il, cpu, slot: 0);

        foreach (var (label, taken, address, slot, slots) in exits)
        {
            il.MarkLabel(label);
            AddInstructions(il, -(slots - slot - 1));
            if (taken)
            {
                // Branched: continue at the target, as the run loop does.
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Stfld, s_branched);
                LoopBack(il, top, start, maxInstructions);
                il.Emit(OpCodes.Ldloc, cpu);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldfld, s_branchTarget);
                il.Emit(OpCodes.Call, s_setIp);
                EndBlock(il, cpu, slot: 0);
            }
            else if (slot + 1 < slots)
            {
                EndBlock(il, cpu, slot + 1);
            }
            else
            {
                SetIp(il, cpu, address + Bundle.Size);
                EndBlock(il, cpu, slot: 0);
            }
        }

        var run = (Action<Vcpu>)method.CreateDelegate(typeof(Action<Vcpu>), null);
        return new TranslatedBlock(run, method, last - first + 1, maxInstructions);
    }

    // The last bundle of the block starting at first (first - 1 when first itself is reserved).
    private static int LastBundle(PageCode page, int first)
    {
        var transfers = Semantics.MayTransferControl;
        int end = Math.Min(CodeCache.BundlesPerPage, first + MaxBundles);
        for (int bundle = first; bundle < end; bundle++)
        {
            int slots = page.SlotCounts[bundle];
            if (slots == 0)
            {
                return bundle - 1;
            }

            for (int slot = 0; slot < slots; slot++)
            {
                int index = bundle * 3 + slot;
                var row = InstructionTable.Rows[page.Slots[index].Op];
                if (transfers[row.Op] && page.Guards[index] == 0 && (row.Type == InstructionType.B || row.Type == InstructionType.X))
                {
                    return bundle;
                }
            }
        }

        return end - 1;
    }

    // A loop whose back edge targets the block's own start (br.cloop, br.ctop, a counted br.cond)
    // goes round inside the method instead of returning to the run loop, as long as the run loop
    // would have entered the block again: a whole pass still fits under the instruction limit, no
    // stop is requested, and the page still holds the code the block was compiled from.
    private static void LoopBack(ILGenerator il, Label top, ulong start, int maxInstructions)
    {
        var exit = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldfld, s_branchTarget);
        il.Emit(OpCodes.Ldc_I8, (long)start);
        il.Emit(OpCodes.Bne_Un, exit);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldfld, s_instructions);
        il.Emit(OpCodes.Ldc_I8, (long)maxInstructions);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldfld, s_limit);
        il.Emit(OpCodes.Bgt, exit);
        // Another thread's RequestStop must be seen: a plain load could be hoisted out of the loop.
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Volatile);
        il.Emit(OpCodes.Ldfld, s_stop);
        il.Emit(OpCodes.Brtrue, exit);
        // The running vCPU's own view of the page: the block itself is shared between guests.
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldfld, s_page);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, s_getMemory);
        il.Emit(OpCodes.Call, s_isCurrent);
        il.Emit(OpCodes.Brtrue, top);
        il.MarkLabel(exit);
    }

    private static void SetIp(ILGenerator il, LocalBuilder cpu, ulong address)
    {
        il.Emit(OpCodes.Ldloc, cpu);
        il.Emit(OpCodes.Ldc_I8, (long)address);
        il.Emit(OpCodes.Call, s_setIp);
    }

    private static void AddInstructions(ILGenerator il, int count)
    {
        if (count == 0)
        {
            return;
        }

        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldfld, s_instructions);
        il.Emit(OpCodes.Ldc_I8, (long)count);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stfld, s_instructions);
    }

    private static void EndBlock(ILGenerator il, LocalBuilder cpu, int slot)
    {
        il.Emit(OpCodes.Ldloc, cpu);
        il.Emit(OpCodes.Ldc_I4, slot);
        il.Emit(OpCodes.Call, s_setSlot);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Stfld, s_bundleEnd);
        il.Emit(OpCodes.Ret);
    }
}
