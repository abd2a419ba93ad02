namespace Ivm.Emulator.Isa;

/// <summary>
/// Every kind of operand an IA-64 instruction can show. The names follow the Itanium SDM's
/// instruction-format diagrams (r1 at bits 6..12, imm14 split over s:imm6d:imm7b, and so on); the bit
/// layouts themselves live in <see cref="OperandLayouts"/>.
/// </summary>
public enum OperandKind : byte
{
    None,

    // Fixed text that the assembly syntax shows but no field encodes.
    ArCsd, ArCcv, ArPfs, One, Eight, Sixteen, R0, Ip, Pr, PrRot, Psr, PsrL, PsrUm,

    // Registers.
    Ar3, B1, B2, Cr3, F1, F2, F3, F4, P1, P2, R1, R2, R3, R3Low2, Dahr,

    // Memory and indirect register-file operands: [r3], cpuid[r3], ...
    Mem3, CpuidInd, DbrInd, DtrInd, ItrInd, IbrInd, MsrInd, PkrInd, PmcInd, PmdInd, DahrInd, RrInd,

    // Immediates.
    CountComplement5,   // ccount5: 31 - field(20..24)
    Count2A,            // count2 of shladd: field(27..28) + 1
    Count2B,            // count2 of pmpyshr-like: field(27..28) + 1
    Count2C,            // pshladd/pshradd count: 0, 7, 15 or 16
    Count5,             // count5 at 14..18
    Count6,             // count6 at 27..32
    PosComplement6A,    // cpos6 at 20..25: 63 - field
    PosComplement6B,    // cpos6 at 14..19: 63 - field
    PosComplement6C,    // cpos6 at 31..36: 63 - field
    Imm1,               // imm1 at 36, sign-extended: 0 or -1
    ImmU2,              // imm2 at 13..14
    ImmU5B,             // 32 + field(14..18)
    ImmU7A,             // 7 bits at 13..19
    ImmU7B,             // 7 bits at 20..26
    FrameSize,          // sof at 13..19
    FrameLocals,        // sol at 20..26
    FrameRotating,      // sor at 27..30, times 8
    Imm8,               // s:imm7b
    Imm8U4,             // s:imm7b (32-bit unsigned compare form)
    Imm8M1,             // s:imm7b + 1
    Imm8M1U4,           // s:imm7b + 1 (32-bit unsigned compare pseudo-op)
    Imm8M1U8,           // s:imm7b + 1 (64-bit unsigned compare pseudo-op)
    ImmU9,              // imm7b at 20..26 with 2 more bits at 33..34
    Imm9A,              // s:i:imm7a (store post-increment)
    Imm9B,              // s:i:imm7b (load post-increment)
    Imm14,              // s:imm6d:imm7b
    ImmU16,             // imm of rum/sum/ssm/rsm style: field(6..9):field(12..22):i
    Imm17,              // mask17 of mov pr=: 2 * s:mask8c:mask7a
    ImmU19,             // imm of mov psr style
    ImmU21,             // imm20a:i (nop, break, hint)
    Imm22,              // s:imm5c:imm9d:imm7b
    ImmU24,             // imm21a:i2d:i of mov-to-psr-um and similar
    Imm44,              // mov pr.rot=imm44: s:imm27a << 16
    ImmU62,             // nop.x/break.x immediate (L slot + X slot)
    ImmU64,             // movl immediate (L slot + X slot)
    Inc3,               // fetchadd increment: +/-1, 4, 8, 16
    Len4,               // len4 at 27..30, + 1
    Len6,               // len6 at 27..32, + 1
    MuxType4,           // mux1 permutation, printed @brcst/@mix/...
    MuxType8,           // mux2 8-bit permutation
    Pos6,               // pos6 at 14..19
    Tag13,              // branch predict tag (b1 style)
    Tag13B,             // branch predict tag (at 24..32)
    Target25,           // IP-relative target at 6..25 and 36, times 16
    Target25B,          // IP-relative target at 6..12, 20..32 and 36, times 16
    Target25C,          // IP-relative target at 13..32 and 36, times 16
    Target64,           // brl target (L slot + X slot)
    LoadMove,           // ld8.mov pseudo-operand (prints nothing)
    Count6Lfetch,       // lfetch count: field(6..11) + 1
    Stride5B,           // lfetch stride: s:field(13..17) << 6
}
