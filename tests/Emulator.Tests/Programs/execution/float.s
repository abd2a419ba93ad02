// Rounding floating point (interpreter groups FloatArithmeticInstructions, FloatMemory) in IEEE
// double and single precision, with loads and stores in each memory format, where every result is
// a well-known binary value (0.1 + 0.2 = 0x3fd3333333333334).
	.include "checks.inc"
	.data
	.align	16
slots:	.skip	32
single:	data4	0x3fc00000				// 1.5f

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	movl	r32 = 0x3ff8000000000000		// 1.5
	movl	r33 = 0x4000000000000000		// 2.0
	movl	r34 = 0x3fd0000000000000		// 0.25
	movl	r35 = 0x3fb999999999999a		// 0.1
	movl	r36 = 0x3fc999999999999a		// 0.2
	;;
	setf.d	f6 = r32
	setf.d	f7 = r33
	setf.d	f8 = r34
	setf.d	f10 = r35
	setf.d	f11 = r36
	;;
	fma.d.s0 f9 = f6, f7, f8
	;;
	getf.d	r40 = f9
	;;
	check	r40, 0x400a000000000000, "fma.d 1.5*2+0.25 = 3.25"
	fms.d.s0 f9 = f6, f7, f8
	;;
	getf.d	r40 = f9
	;;
	check	r40, 0x4006000000000000, "fms.d = 2.75"
	fnma.d.s0 f9 = f6, f7, f8
	;;
	getf.d	r40 = f9
	;;
	check	r40, 0xc006000000000000, "fnma.d = -2.75"
	fadd.d.s0 f9 = f6, f8
	;;
	getf.d	r40 = f9
	;;
	check	r40, 0x3ffc000000000000, "fadd.d = 1.75"
	fmpy.s.s0 f9 = f6, f7
	;;
	getf.s	r40 = f9
	;;
	check	r40, 0x40400000, "fmpy.s = 3.0 single"
	fadd.d.s0 f9 = f10, f11
	;;
	getf.d	r40 = f9
	mov	r41 = ar.fpsr
	;;
	check	r40, 0x3fd3333333333334, "0.1 + 0.2 rounds to nearest double"
	extr.u	r41 = r41, 18, 1			// sf0's inexact flag
	;;
	check	r41, 1, "inexact flag accumulates in ar.fpsr"
	movl	r37 = slots
	;;
	stfd	[r37] = f9
	;;
	ld8	r40 = [r37]
	;;
	check	r40, 0x3fd3333333333334, "stfd stores the double"
	movl	r38 = single
	;;
	ldfs	f13 = [r38]
	;;
	getf.d	r40 = f13
	;;
	check	r40, 0x3ff8000000000000, "ldfs 1.5f reads back as double 1.5"
	stfe	[r37] = f1
	adds	r39 = 8, r37
	;;
	ld8	r40 = [r37]
	ld2	r41 = [r39]
	;;
	check	r40, 0x8000000000000000, "stfe 1.0 significand"
	check	r41, 0x3fff, "stfe 1.0 exponent in the 15-bit range"
	setf.exp f12 = r34				// sign:exponent from r34's low 18 bits (0)
	;;
	getf.exp r40 = f12
	;;
	check	r40, 0, "setf.exp/getf.exp round trip"
	finish
	.endp	_start
