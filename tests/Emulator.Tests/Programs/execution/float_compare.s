// Floating-point compares and selections (interpreter group FloatCompares): fcmp in its relations,
// pseudo spellings (gt, ge, neq, ord: operands or predicates swapped by the assembler), types and
// status fields; fclass.m; fmin, fmax, famin, famax. Expected predicates follow IEEE 754 ordering
// (NaN unordered, -0 == +0); flag bits are sf0 v = ar.fpsr bit 13, d = 14, sf1 v = bit 26.
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

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	setd	f20, 0x3ff0000000000000			// 1.0
	setd	f21, 0x4000000000000000			// 2.0
	setd	f22, 0x8000000000000000			// -0.0
	setd	f23, 0x7ff8000000000000			// quiet NaN
	setd	f24, 0x7ff0000000000001			// signalling NaN
	setd	f25, 0x7ff0000000000000			// +infinity
	setd	f26, 0x0000000000000001			// smallest double denormal (an unnormal register)
	setd	f27, 0xc008000000000000			// -3.0
	ldfd.s	f28 = [r0]				// address 0 is unmapped: NaTVal
	fclrf.s0
	fclrf.s1
	;;
	fcmp.eq.s0 p10, p11 = f20, f20
	;;
	checkp	p10, 1, "fcmp.eq 1 == 1"
	checkp	p11, 0, "fcmp.eq writes the complement to p2"
	fcmp.lt.s0 p10, p11 = f20, f21
	;;
	checkp	p10, 1, "fcmp.lt 1 < 2"
	fcmp.le.s0 p10, p11 = f21, f20
	;;
	checkp	p10, 0, "fcmp.le 2 <= 1 is false"
	checkp	p11, 1, "fcmp.le false sets p2"
	fcmp.eq.s0 p10, p11 = f22, f0
	;;
	checkp	p10, 1, "fcmp.eq -0 == +0"
	fcmp.gt.s0 p10, p11 = f21, f20
	;;
	checkp	p10, 1, "fcmp.gt 2 > 1 (lt with swapped operands)"
	fcmp.ge.s0 p10, p11 = f20, f21
	;;
	checkp	p10, 0, "fcmp.ge 1 >= 2 is false"
	fcmp.neq.s0 p10, p11 = f20, f21
	;;
	checkp	p10, 1, "fcmp.neq 1 != 2"
	fcmp.nlt.s0 p10, p11 = f21, f20
	;;
	checkp	p10, 1, "fcmp.nlt 2, 1 (le with swapped operands and predicates)"
	fcmp.nle.s0 p10, p11 = f20, f21
	;;
	checkp	p10, 0, "fcmp.nle 1, 2 is false"
	fcmp.ngt.s0 p10, p11 = f20, f21
	;;
	checkp	p10, 1, "fcmp.ngt 1, 2"
	fcmp.nge.s0 p10, p11 = f21, f20
	;;
	checkp	p10, 0, "fcmp.nge 2, 1 is false"
	fcmp.nlt.s0 p10, p11 = f23, f20
	;;
	checkp	p10, 1, "fcmp.nlt NaN, 1 is true (unordered)"
	fclrf.s0
	fcmp.eq.s0 p10, p11 = f23, f23
	;;
	checkp	p10, 0, "fcmp.eq NaN == NaN is false"
	checkp	p11, 1, "fcmp.eq NaN sets p2"
	fpsrbit	r40, 13
	check	r40, 0, "fcmp.eq of a quiet NaN is quiet (no v)"
	fcmp.unord.s0 p10, p11 = f23, f20
	;;
	checkp	p10, 1, "fcmp.unord NaN, 1"
	fcmp.ord.s0 p10, p11 = f20, f21
	;;
	checkp	p10, 1, "fcmp.ord 1, 2"
	fpsrbit	r40, 13
	check	r40, 0, "unord/ord are quiet"
	fcmp.lt.s0 p10, p11 = f23, f20
	;;
	checkp	p10, 0, "fcmp.lt NaN < 1 is false"
	fpsrbit	r40, 13
	check	r40, 1, "fcmp.lt of a NaN raises v"
	fclrf.s0
	;;
	fpsrbit	r40, 13
	check	r40, 0, "fclrf.s0 clears the flags"
	fcmp.eq.s0 p10, p11 = f24, f20
	;;
	fpsrbit	r40, 13
	check	r40, 1, "fcmp.eq of a signalling NaN raises v"
	fclrf.s0
	fcmp.le.s1 p10, p11 = f23, f20
	;;
	fpsrbit	r40, 26
	check	r40, 1, "fcmp.le.s1 raises v in sf1"
	fpsrbit	r40, 13
	check	r40, 0, "fcmp.le.s1 leaves sf0"
	fcmp.lt.s0 p10, p11 = f26, f20
	;;
	checkp	p10, 1, "fcmp.lt denormal < 1"
	fpsrbit	r40, 14
	check	r40, 1, "a denormal operand raises d"
	fcmp.lt.s0 p10, p11 = f20, f25
	;;
	checkp	p10, 1, "fcmp.lt 1 < +inf"
	cmp.eq.or p10, p11 = r0, r0
	;;
	fcmp.eq.s0 p10, p11 = f28, f20
	;;
	checkp	p10, 0, "fcmp of NaTVal clears p1"
	checkp	p11, 0, "fcmp of NaTVal clears p2"
	cmp.eq.or p10, p11 = r0, r0
	cmp.ne	p8, p9 = r0, r0				// p8 false
	;;
(p8)	fcmp.eq.unc.s0 p10, p11 = f20, f20
	;;
	checkp	p10, 0, "fcmp.unc with qp false clears p1"
	checkp	p11, 0, "fcmp.unc with qp false clears p2"
	cmp.eq.or p10, p11 = r0, r0
	;;
(p8)	fcmp.eq.s0 p10, p11 = f20, f21
	;;
	checkp	p10, 1, "fcmp with qp false leaves p1"
	checkp	p11, 1, "fcmp with qp false leaves p2"
	cmp.eq	p9, p8 = r0, r0				// p9 true
	;;
(p9)	fcmp.lt.unc.s0 p10, p11 = f21, f20
	;;
	checkp	p10, 0, "fcmp.lt.unc 2 < 1 false"
	checkp	p11, 1, "fcmp.lt.unc complement"

	// fclass.m: 0x001 pos, 0x002 neg, 0x004 zero, 0x008 unorm, 0x010 norm, 0x020 inf,
	// 0x040 snan, 0x080 qnan, 0x100 NaTVal.
	fclass.m p10, p11 = f20, 0x011
	;;
	checkp	p10, 1, "fclass 1.0 is @pos|@norm"
	fclass.m p10, p11 = f20, 0x012
	;;
	checkp	p10, 0, "fclass 1.0 is not @neg|@norm"
	fclass.m p10, p11 = f22, 0x006
	;;
	checkp	p10, 1, "fclass -0 is @neg|@zero"
	fclass.m p10, p11 = f22, 0x005
	;;
	checkp	p10, 0, "fclass -0 is not @pos|@zero"
	fclass.m p10, p11 = f25, 0x021
	;;
	checkp	p10, 1, "fclass +inf"
	fclass.m p10, p11 = f24, 0x040
	;;
	checkp	p10, 1, "fclass signalling NaN"
	fclass.m p10, p11 = f23, 0x040
	;;
	checkp	p10, 0, "fclass quiet NaN is not @snan"
	fclass.m p10, p11 = f23, 0x080
	;;
	checkp	p10, 1, "fclass quiet NaN"
	fclass.m p10, p11 = f26, 0x009
	;;
	checkp	p10, 1, "fclass denormal is @pos|@unorm"
	fclass.m p10, p11 = f28, 0x100
	;;
	checkp	p10, 1, "fclass NaTVal is @nat"
	checkp	p11, 0, "fclass NaTVal complement"
	fclass.m p10, p11 = f28, 0x0ff
	;;
	checkp	p10, 0, "fclass NaTVal is in no other class"
	cmp.eq.or p10, p11 = r0, r0
	;;
(p8)	fclass.m.unc p10, p11 = f20, 0x1ff
	;;
	checkp	p10, 0, "fclass.unc with qp false clears p1"
	checkp	p11, 0, "fclass.unc with qp false clears p2"

	fmin.s0	f30 = f20, f21
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x3ff0000000000000, "fmin 1, 2 = 1"
	fmax.s0	f30 = f20, f21
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x4000000000000000, "fmax 1, 2 = 2"
	famin.s0 f30 = f27, f21
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x4000000000000000, "famin -3, 2 = 2"
	famax.s0 f30 = f27, f21
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0xc008000000000000, "famax -3, 2 = -3"
	fmin.s0	f30 = f22, f0
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0, "fmin -0, +0 = +0 (f3 when equal)"
	fclrf.s0
	fmin.s0	f30 = f23, f20
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x3ff0000000000000, "fmin NaN, 1 = 1 (f3)"
	fpsrbit	r40, 13
	check	r40, 1, "fmin of a NaN raises v"
	fmax.s0	f30 = f20, f23
	;;
	getf.d	r40 = f30
	;;
	check	r40, 0x7ff8000000000000, "fmax 1, NaN = NaN (f3)"
	fmin.s0	f30 = f28, f20
	;;
	fclass.m p10, p11 = f30, 0x100
	;;
	checkp	p10, 1, "fmin of NaTVal is NaTVal"
	finish
	.endp	_start
