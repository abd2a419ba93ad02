// Parallel floating point (interpreter groups FloatParallelInstructions and, for fprcpa/fprsqrta,
// FloatApproximationInstructions): two single-precision values per register, bits 63:32 and 31:0.
// Operand and result pairs were encoded with python3's struct ('<f'); the approximations follow
// the SDM's tables: 1/1.5 -> entry 128 = 0x154, (1 + 0x154/1024) / 2 = 0.666015625;
// 1/0.5 -> entry 0 = 0x3fc, 1.99609375; 1/sqrt(4) -> entry 128 of the rsqrt table = 0x3fc,
// 0.4990234375; 1/sqrt(2) -> entry 0 = 0x1a5, 0.70556640625. Flag bits: sf0 v = ar.fpsr bit 13,
// z = 15, i = 18.
	.include "checks.inc"

	.macro	setsig	freg, bits
	movl	r31 = \bits
	;;
	setf.sig \freg = r31
	;;
	.endm

	.macro	getsig	reg, freg
	;;
	getf.sig \reg = \freg
	;;
	.endm

	.macro	fpsrbit	reg, bit
	mov	\reg = ar.fpsr
	;;
	extr.u	\reg = \reg, \bit, 1
	;;
	.endm

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	setsig	f20, 0x4000000040400000			// A = (2, 3)
	setsig	f21, 0x3fc000003f000000			// B = (1.5, 0.5)
	setsig	f22, 0x3f8000003f800000			// C = (1, 1)
	setsig	f23, 0x400000003f800000			// D = (2, 1)
	setsig	f24, 0xbf8000003f800000			// F = (-1, 1)
	setsig	f25, 0x40200000c06ccccd			// G = (2.5, -3.7)
	setsig	f26, 0xbf800000501502f9			// H = (-1, 1e10)
	setsig	f27, 0x7fc000003f800000			// N = (quiet NaN, 1)
	setsig	f28, 0xc000000040400000			// M = (-2, 3)
	setsig	f29, 0x3fc00000bf000000			// P = (1.5, -0.5)
	fclrf.s0

	fpma.s0	f30 = f20, f21, f22
	getsig	r40, f30
	check	r40, 0x4080000040200000, "fpma (2*1.5+1, 3*0.5+1) = (4, 2.5)"
	getf.exp r41 = f30
	;;
	check	r41, 0x1003e, "parallel results have the integer exponent"
	fpms.s0	f30 = f20, f21, f22
	getsig	r40, f30
	check	r40, 0x400000003f000000, "fpms = (2, 0.5)"
	fpnma.s0 f30 = f20, f21, f22
	getsig	r40, f30
	check	r40, 0xc0000000bf000000, "fpnma = (-2, -0.5)"
	fpmpy.s0 f30 = f20, f21
	getsig	r40, f30
	check	r40, 0x404000003fc00000, "fpmpy = (3, 1.5)"
	setsig	f31, 0x3eaaaaab3eaaaaab			// (1/3, 1/3) in single
	setsig	f19, 0x4040000040400000			// (3, 3)
	fpmpy.s0 f30 = f31, f19
	getsig	r40, f30
	check	r40, 0x3f8000003f800000, "fpmpy rounds to single: (1 + 2^-25) -> 1"
	fpsrbit	r40, 18
	check	r40, 1, "fpmpy inexact raises i"

	fpmin.s0 f30 = f20, f21
	getsig	r40, f30
	check	r40, 0x3fc000003f000000, "fpmin"
	fpmax.s0 f30 = f20, f21
	getsig	r40, f30
	check	r40, 0x4000000040400000, "fpmax"
	fpamin.s0 f30 = f28, f29
	getsig	r40, f30
	check	r40, 0x3fc00000bf000000, "fpamin (-2, 3), (1.5, -0.5)"
	fpamax.s0 f30 = f28, f29
	getsig	r40, f30
	check	r40, 0xc000000040400000, "fpamax"

	fpcmp.eq.s0 f30 = f20, f23
	getsig	r40, f30
	check	r40, 0xffffffff00000000, "fpcmp.eq (2, 3), (2, 1)"
	fpcmp.lt.s0 f30 = f20, f23
	getsig	r40, f30
	check	r40, 0, "fpcmp.lt"
	fpcmp.le.s0 f30 = f20, f23
	getsig	r40, f30
	check	r40, 0xffffffff00000000, "fpcmp.le"
	fpcmp.neq.s0 f30 = f20, f23
	getsig	r40, f30
	check	r40, 0x00000000ffffffff, "fpcmp.neq"
	fpcmp.nlt.s0 f30 = f20, f23
	getsig	r40, f30
	check	r40, 0xffffffffffffffff, "fpcmp.nlt"
	fpcmp.nle.s0 f30 = f20, f23
	getsig	r40, f30
	check	r40, 0x00000000ffffffff, "fpcmp.nle"
	fclrf.s0
	fpcmp.unord.s0 f30 = f27, f20
	getsig	r40, f30
	check	r40, 0xffffffff00000000, "fpcmp.unord (NaN, 1), (2, 3)"
	fpcmp.ord.s0 f30 = f27, f20
	getsig	r40, f30
	check	r40, 0x00000000ffffffff, "fpcmp.ord"
	fpsrbit	r40, 13
	check	r40, 0, "fpcmp.unord/ord of a quiet NaN are quiet"

	fpcvt.fx.s0 f30 = f25
	getsig	r40, f30
	check	r40, 0x00000002fffffffc, "fpcvt.fx (2.5, -3.7) -> (2, -4)"
	fpcvt.fx.trunc.s0 f30 = f25
	getsig	r40, f30
	check	r40, 0x00000002fffffffd, "fpcvt.fx.trunc -> (2, -3)"
	fpcvt.fxu.s0 f30 = f26
	getsig	r40, f30
	check	r40, 0x8000000080000000, "fpcvt.fxu (-1, 1e10) -> both indefinite"
	fpsrbit	r40, 13
	check	r40, 1, "fpcvt.fxu out of range raises v"

	fpmerge.s f30 = f24, f20
	getsig	r40, f30
	check	r40, 0xc000000040400000, "fpmerge.s"
	fpmerge.ns f30 = f24, f20
	getsig	r40, f30
	check	r40, 0x40000000c0400000, "fpmerge.ns"
	fpmerge.se f30 = f24, f20
	getsig	r40, f30
	check	r40, 0xbf8000003fc00000, "fpmerge.se"
	fpabs	f30 = f24
	getsig	r40, f30
	check	r40, 0x3f8000003f800000, "fpabs"
	fpneg	f30 = f20
	getsig	r40, f30
	check	r40, 0xc0000000c0400000, "fpneg"
	fpnegabs f30 = f24
	getsig	r40, f30
	check	r40, 0xbf800000bf800000, "fpnegabs"

	fprcpa.s0 f30, p10 = f20, f21
	getsig	r40, f30
	check	r40, 0x3f2a80003fff8000, "fprcpa (1/1.5, 1/0.5) from the table"
	checkp	p10, 1, "fprcpa predicate set"
	fclrf.s0
	fprcpa.s0 f30, p10 = f20, f0
	getsig	r40, f30
	check	r40, 0x7f8000007f800000, "fprcpa by zero -> infinities"
	checkp	p10, 0, "fprcpa by zero clears the predicate"
	fpsrbit	r40, 15
	check	r40, 1, "fprcpa by zero raises z"
	fprcpa.s0 f30, p10 = f20, f22
	getsig	r40, f30
	check	r40, 0x3f7f80003f7f8000, "fprcpa of 1: entry 0, 0.998046875"
	setsig	f31, 0x4080000040000000			// (4, 2)
	fprsqrta.s0 f30, p10 = f31
	getsig	r40, f30
	check	r40, 0x3eff80003f34a000, "fprsqrta (4, 2) from the table"
	checkp	p10, 1, "fprsqrta predicate set"
	fclrf.s0
	fprsqrta.s0 f30, p10 = f24
	getsig	r40, f30
	check	r40, 0xffc000003f7f8000, "fprsqrta (-1, 1) -> (QNaN indefinite, 0.998046875)"
	checkp	p10, 0, "fprsqrta of a negative clears the predicate"
	fpsrbit	r40, 13
	check	r40, 1, "fprsqrta of a negative raises v"
	cmp.eq.or p10, p11 = r0, r0
	cmp.ne	p8, p9 = r0, r0
	;;
(p8)	fprcpa.s0 f30, p10 = f20, f21
	;;
	checkp	p10, 0, "fprcpa with qp false clears p2"
	finish
	.endp	_start
