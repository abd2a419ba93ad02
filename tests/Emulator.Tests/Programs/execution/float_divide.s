// frcpa and frsqrta (interpreter group FloatApproximationInstructions): the architected table
// values, the special cases that clear the predicate, and a double-precision divide built on frcpa
// (three Newton-Raphson refinements of the reciprocal in sf1's full precision and wide range, then
// one correction q + (a - b*q)*y rounded to double) whose quotients must be the correctly rounded
// IEEE ones. Expected quotients: python3 a/b, each confirmed with fractions.Fraction to be the
// double nearest the exact a/b. Table values: 1/3 -> entry 128 = 0x154, (1 + 0x154/1024) / 4 =
// 0.3330078125; 1/sqrt(4) -> rsqrt entry 128 = 0x3fc, 0.4990234375. Flags: sf0 v = ar.fpsr bit 13,
// z = 15.
	.include "checks.inc"

	.macro	setd	freg, bits
	movl	r31 = \bits
	;;
	setf.d	\freg = r31
	;;
	.endm

	.macro	fpsrbit	reg, bit
	mov	\reg = ar.fpsr
	;;
	extr.u	\reg = \reg, \bit, 1
	;;
	.endm

	// f40 = a / b rounded to double, by the frcpa sequence.
	.macro	divide	a, b, quotient, name
	setd	f41, \a
	setd	f42, \b
	frcpa.s0 f40, p12 = f41, f42
	;;
(p12)	fnma.s1	f43 = f42, f40, f1			// e = 1 - b*y0
	;;
(p12)	fma.s1	f40 = f43, f40, f40			// y1 = y0 + e*y0
(p12)	fmpy.s1	f44 = f43, f43				// e^2
	;;
(p12)	fma.s1	f40 = f44, f40, f40			// y2 = y1 + e^2*y1
(p12)	fmpy.s1	f44 = f44, f44				// e^4
	;;
(p12)	fma.s1	f40 = f44, f40, f40			// y3 = y2 + e^4*y2
	;;
(p12)	fmpy.s1	f45 = f41, f40				// q0 = a*y3
	;;
(p12)	fnma.s1	f46 = f42, f45, f41			// r = a - b*q0
	;;
(p12)	fma.d.s0 f40 = f46, f40, f45			// q = q0 + r*y3, one rounding to double
	;;
	getf.d	r40 = f40
	;;
	check	r40, \quotient, "\name"
	.endm

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	fclrf.s0
	setd	f20, 0x4008000000000000			// 3.0
	setd	f21, 0x4010000000000000			// 4.0
	setd	f22, 0x3ff0000000000000			// 1.0
	setd	f23, 0x7ff0000000000000			// +inf
	setd	f24, 0x7ff8000000000000			// quiet NaN
	setd	f25, 0xbff0000000000000			// -1.0

	frcpa.s0 f30, p10 = f22, f20
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x3fd5500000000000, "frcpa 1/3 is the table value 0.3330078125"
	checkp	p10, 1, "frcpa sets p2 for an approximation"
	frsqrta.s0 f30, p10 = f21
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x3fdff00000000000, "frsqrta 4 is the table value 0.4990234375"
	checkp	p10, 1, "frsqrta sets p2 for an approximation"

	frcpa.s0 f30, p10 = f22, f0
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x7ff0000000000000, "frcpa 1/0 = +inf"
	checkp	p10, 0, "frcpa 1/0 clears p2"
	fpsrbit	r40, 15
	check	r40, 1, "frcpa 1/0 raises z"
	frcpa.s0 f30, p10 = f0, f0
	;;
	fclass.m p11, p0 = f30, 0x080
	fpsrbit	r40, 13
	;;
	checkp	p11, 1, "frcpa 0/0 is a quiet NaN"
	check	r40, 1, "frcpa 0/0 raises v"
	frcpa.s0 f30, p10 = f0, f20
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0, "frcpa 0/3 = +0"
	checkp	p10, 0, "frcpa 0/3 clears p2"
	frcpa.s0 f30, p10 = f23, f20
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x7ff0000000000000, "frcpa inf/3 = inf"
	checkp	p10, 0, "frcpa inf/3 clears p2"
	frcpa.s0 f30, p10 = f20, f23
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0, "frcpa 3/inf = +0"
	frcpa.s0 f30, p10 = f24, f20
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x7ff8000000000000, "frcpa NaN/3 = NaN"
	checkp	p10, 0, "frcpa NaN/3 clears p2"
	ldfd.s	f31 = [r0]				// NaTVal
	cmp.eq.or p10, p11 = r0, r0
	;;
	frcpa.s0 f30, p10 = f31, f20
	;;
	fclass.m p11, p0 = f30, 0x100
	;;
	checkp	p11, 1, "frcpa of NaTVal is NaTVal"
	checkp	p10, 0, "frcpa of NaTVal clears p2"
	cmp.eq.or p10, p11 = r0, r0
	cmp.ne	p8, p9 = r0, r0
	;;
(p8)	frcpa.s0 f30, p10 = f22, f20
	;;
	checkp	p10, 0, "frcpa with qp false clears p2"

	// A numerator with register exponent 64 (2^-65471) needs software assistance: the result
	// is the IEEE quotient 2^-65471 / 2 = 2^-65472, exponent 63, in sf1's 17-bit range.
	mov	r32 = 0x40
	;;
	setf.exp f32 = r32
	setd	f33, 0x4000000000000000			// 2.0
	frcpa.s1 f30, p10 = f32, f33
	;;
	getf.exp r40 = f30
	getf.sig r41 = f30
	;;
	check	r40, 0x3f, "frcpa software-assist quotient exponent"
	check	r41, 0x8000000000000000, "frcpa software-assist quotient significand"
	checkp	p10, 0, "frcpa software assist clears p2"
	mov	r32 = 0x3f
	;;
	setf.exp f32 = r32				// 2^-65472
	;;
	frsqrta.s1 f30, p10 = f32
	;;
	getf.exp r40 = f30
	getf.sig r41 = f30
	;;
	check	r40, 0x801f, "frsqrta software assist: sqrt(2^-65472) = 2^-32736"
	check	r41, 0x8000000000000000, "frsqrta software-assist significand"
	checkp	p10, 0, "frsqrta software assist clears p2"
	frsqrta.s0 f30, p10 = f0
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0, "frsqrta +0 = +0 (the square root)"
	checkp	p10, 0, "frsqrta +0 clears p2"
	fclrf.s0
	frsqrta.s0 f30, p10 = f25
	;;
	fclass.m p11, p0 = f30, 0x080
	fpsrbit	r40, 13
	;;
	checkp	p11, 1, "frsqrta -1 is a quiet NaN"
	check	r40, 1, "frsqrta -1 raises v"

	divide	0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, "1/3"
	divide	0x4000000000000000, 0x4008000000000000, 0x3fe5555555555555, "2/3"
	divide	0x4024000000000000, 0x401c000000000000, 0x3ff6db6db6db6db7, "10/7"
	divide	0x400921fb54442d18, 0x4005bf0a8b145769, 0x3ff27ddbf6271dbe, "pi/e"
	divide	0x7e37e43c8800759c, 0x3ee4f8b588e368f1, 0x7f423a516e82d9ba, "1e300/1e-5"
	divide	0xc01c000000000000, 0x3ff199999999999a, 0xc019745d1745d174, "-7/1.1"
	divide	0x419d6f3454000000, 0x3f201f31f46ed246, 0x426d3640038f6a25, "123456789/0.000123"
	divide	0x3ff0000000000000, 0x3ff0000000000001, 0x3feffffffffffffe, "1/(1+2^-52)"
	divide	0x3ff0000000000000, 0x0000000000000000, 0x7ff0000000000000, "1/0 = inf (frcpa result)"
	finish
	.endp	_start
