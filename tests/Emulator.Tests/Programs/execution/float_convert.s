// Conversions, status-field control and significand operations (interpreter groups
// FloatConversionInstructions, FloatStatusInstructions, FloatSignificandInstructions, FloatPairLoads).
// Expected integers are the IEEE roundings worked by hand (2.5 -> 2 to nearest even, -2.5 -> -3
// rounding down); significand results were computed with python3 from the SDM's bit layouts
// (e.g. fswap f2, f3 = f3{31:0} || f2{63:32}). Flag bits: sf0 v = ar.fpsr bit 13, i = 18.
	.include "checks.inc"

	.macro	setd	freg, bits
	movl	r31 = \bits
	;;
	setf.d	\freg = r31
	;;
	.endm

	.macro	setsig	freg, bits
	movl	r31 = \bits
	;;
	setf.sig \freg = r31
	;;
	.endm

	.macro	fpsrbits reg, pos, len
	mov	\reg = ar.fpsr
	;;
	extr.u	\reg = \reg, \pos, \len
	;;
	.endm

	.data
	.align	16
pair:	data4	0x3fc00000, 0xc0000000			// 1.5f, -2.0f
	data4	0, 0
	data8	0x3ff0000000000000, 0x4000000000000000	// 1.0, 2.0
	data8	0x1111111111111111, 0x2222222222222222

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	fclrf.s0
	setd	f20, 0x4004000000000000			// 2.5
	setd	f21, 0x400c000000000000			// 3.5
	setd	f22, 0x400599999999999a			// 2.7
	setd	f23, 0xc00599999999999a			// -2.7
	setd	f24, 0xc004000000000000			// -2.5
	setd	f25, 0x4000cccccccccccd			// 2.1
	setd	f26, 0x43e0000000000000			// 2^63
	setd	f27, 0x7e37e43c8800759c			// 1e300
	setd	f28, 0x7ff8000000000000			// quiet NaN
	ldfd.s	f29 = [r0]				// NaTVal

	fcvt.fx.s0 f30 = f20
	;;
	getf.sig r40 = f30
	getf.exp r41 = f30
	;;
	check	r40, 2, "fcvt.fx 2.5 -> 2 (nearest even)"
	check	r41, 0x1003e, "fcvt.fx result has the integer exponent"
	fcvt.fx.s0 f30 = f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 4, "fcvt.fx 3.5 -> 4"
	fpsrbits r40, 18, 1
	check	r40, 1, "fcvt.fx of a fraction raises i"
	fcvt.fx.trunc.s0 f30 = f22
	;;
	getf.sig r40 = f30
	;;
	check	r40, 2, "fcvt.fx.trunc 2.7 -> 2"
	fcvt.fx.trunc.s0 f30 = f23
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0xfffffffffffffffe, "fcvt.fx.trunc -2.7 -> -2"
	fcvt.fxu.trunc.s0 f30 = f22
	;;
	getf.sig r40 = f30
	;;
	check	r40, 2, "fcvt.fxu.trunc 2.7 -> 2"
	fclrf.s0
	fcvt.fxu.s0 f30 = f26
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x8000000000000000, "fcvt.fxu 2^63 fits"
	fpsrbits r40, 13, 1
	check	r40, 0, "fcvt.fxu 2^63 is valid"
	fcvt.fx.s0 f30 = f26
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x8000000000000000, "fcvt.fx 2^63 -> integer indefinite"
	fpsrbits r40, 13, 1
	check	r40, 1, "fcvt.fx 2^63 raises v"
	fcvt.fx.s0 f30 = f27
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x8000000000000000, "fcvt.fx 1e300 -> integer indefinite"
	fcvt.fx.s0 f30 = f28
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x8000000000000000, "fcvt.fx NaN -> integer indefinite"
	fcvt.fx.s0 f30 = f29
	;;
	fclass.m p10, p11 = f30, 0x100
	;;
	checkp	p10, 1, "fcvt.fx of NaTVal is NaTVal"

	// fsetc: the field's controls become (sf0.controls & amask) | omask; sf0 starts at 0x0c
	// (pc extended, rc nearest). rc is controls bits 5:4: 01 down, 10 up.
	fsetc.s2 0x4f, 0x20
	;;
	fpsrbits r40, 32, 7
	check	r40, 0x2c, "fsetc.s2 sets rc up from sf0's controls"
	fsetc.s0 0x4f, 0x10
	;;
	fpsrbits r40, 6, 7
	check	r40, 0x1c, "fsetc.s0 sets rc down"
	fcvt.fx.s0 f30 = f24
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0xfffffffffffffffd, "fcvt.fx -2.5 rounding down -> -3"
	fcvt.fx.s0 f30 = f20
	;;
	getf.sig r40 = f30
	;;
	check	r40, 2, "fcvt.fx 2.5 rounding down -> 2"
	fcvt.fx.s2 f30 = f25
	;;
	getf.sig r40 = f30
	;;
	check	r40, 3, "fcvt.fx.s2 2.1 rounding up -> 3"
	fsetc.s0 0x4f, 0x00
	;;
	fpsrbits r40, 6, 7
	check	r40, 0x0c, "fsetc.s0 restores nearest"

	setsig	f30, 0xfffffffffffffffb			// -5
	fcvt.xf	f31 = f30
	;;
	getf.d	r40 = f31
	;;
	check	r40, 0xc014000000000000, "fcvt.xf -5 -> -5.0"
	setsig	f30, 5
	fcvt.xuf.d.s0 f31 = f30
	;;
	getf.d	r40 = f31
	;;
	check	r40, 0x4014000000000000, "fcvt.xuf.d 5 -> 5.0"

	// fchkf branches when the field holds a flag that sf0 does not (all traps are disabled).
	setd	f20, 0x3fb999999999999a			// 0.1
	setd	f21, 0x3fc999999999999a			// 0.2
	fclrf.s0
	fclrf.s1
	;;
	mov	r41 = 1
	fchkf.s1 .Lchk1
	;;
	mov	r41 = 0
	;;
.Lchk1:	check	r41, 0, "fchkf.s1 with no flags falls through"
	fmpy.s1	f30 = f20, f21			// 0.1 * 0.2 needs 106 bits: inexact
	;;
	mov	r41 = 1
	fchkf.s1 .Lchk2
	;;
	mov	r41 = 0
	;;
.Lchk2:	check	r41, 1, "fchkf.s1 branches on a flag sf0 lacks"
	fmpy.s0	f30 = f20, f21
	;;
	mov	r41 = 1
	fchkf.s1 .Lchk3
	;;
	mov	r41 = 0
	;;
.Lchk3:	check	r41, 0, "fchkf.s1 falls through when sf0 has the flag"

	setsig	f20, 0x123456789abcdef0
	setsig	f21, 0x0ff00ff0f0f0f0f0
	setsig	f22, 0xffffffff00000000
	fand	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x0230067090b0d0f0, "fand"
	for	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x1ff45ff8fafcfef0, "for"
	fxor	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x1dc459886a4c2e00, "fxor"
	fandcm	f30 = f20, f21
	;;
	getf.sig r40 = f30
	getf.exp r41 = f30
	;;
	check	r40, 0x100450080a0c0e00, "fandcm"
	check	r41, 0x1003e, "logical result has the integer exponent"
	fselect	f30 = f20, f21, f22
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x12345678f0f0f0f0, "fselect"
	fmix.l	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x123456780ff00ff0, "fmix.l"
	fmix.r	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x9abcdef0f0f0f0f0, "fmix.r"
	fmix.lr	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x12345678f0f0f0f0, "fmix.lr"
	fsxt.l	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x000000000ff00ff0, "fsxt.l"
	fsxt.r	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0xfffffffff0f0f0f0, "fsxt.r"
	fswap	f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0xf0f0f0f012345678, "fswap"
	fswap.nl f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x70f0f0f012345678, "fswap.nl"
	fswap.nr f30 = f20, f21
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0xf0f0f0f092345678, "fswap.nr"
	setd	f23, 0x3ff8000000000000			// 1.5
	setd	f24, 0xc000000000000000			// -2.0
	fpack	f30 = f23, f24
	;;
	getf.sig r40 = f30
	;;
	check	r40, 0x3fc00000c0000000, "fpack 1.5, -2.0 as singles"
	fand	f30 = f29, f20
	;;
	fclass.m p10, p11 = f30, 0x100
	;;
	checkp	p10, 1, "fand of NaTVal is NaTVal"

	movl	r35 = pair
	;;
	ldfps	f30, f31 = [r35]
	;;
	getf.s	r40 = f30
	getf.s	r41 = f31
	;;
	check	r40, 0x3fc00000, "ldfps first"
	check	r41, 0xc0000000, "ldfps second"
	adds	r36 = 16, r35
	;;
	ldfpd	f30, f31 = [r36], 16
	;;
	getf.d	r40 = f30
	getf.d	r41 = f31
	sub	r42 = r36, r35
	;;
	check	r40, 0x3ff0000000000000, "ldfpd first"
	check	r41, 0x4000000000000000, "ldfpd second"
	check	r42, 32, "ldfpd post-increment by 16"
	ldfp8	f31, f30 = [r36]
	;;
	getf.sig r40 = f31
	getf.sig r41 = f30
	;;
	check	r40, 0x1111111111111111, "ldfp8 first"
	check	r41, 0x2222222222222222, "ldfp8 second"
	ldfps.s	f30, f31 = [r0]
	;;
	fclass.m p10, p11 = f31, 0x100
	;;
	checkp	p10, 1, "ldfps.s of an unmapped address gives NaTVal"
	mov	r41 = 0
	chk.s	f30, .Lrecover
	;;
	br.sptk.few .Lresume
	;;
.Lrecover:
	mov	r41 = 1
	;;
.Lresume:
	check	r41, 1, "chk.s on a NaTVal FP register branches"
	setd	f30, 0x3ff0000000000000
	mov	r41 = 0
	chk.s	f30, .Lrecover2
	;;
	br.sptk.few .Lresume2
	;;
.Lrecover2:
	mov	r41 = 1
	;;
.Lresume2:
	check	r41, 0, "chk.s on a value falls through"
	finish
	.endp	_start
