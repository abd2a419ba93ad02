// Multimedia permutes and test feature (interpreter groups Multimedia, Compares): mux1, mux2,
// mix, unpack, pack, czx and tf. Expected values come from a separate Python model of the SDM
// vol. 3 pseudo-code (element 0 is the least significant; x = r2, y = r3), inputs in the comments.
	.include "checks.inc"
	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	movl	r32 = 0x8877665544332211
	movl	r33 = 0xffeeddccbbaa9900
	movl	r34 = 0xff80007fff7f0080
	movl	r35 = 0x80007fffffff0001
	movl	r36 = 0xffff7fff00008000
	movl	r37 = 0xffff800000007fff
	movl	r38 = 0x1100220033004400
	movl	r39 = 0xffff1234ffff
	mux1	r40 = r32, @brcst
	;;
	check	r40, 0x1111111111111111, "mux1 @brcst"	// bytes of 0x8877665544332211
	mux1	r40 = r32, @mix
	;;
	check	r40, 0x8844662277335511, "mux1 @mix"	// bytes of 0x8877665544332211
	mux1	r40 = r32, @shuf
	;;
	check	r40, 0x8844773366225511, "mux1 @shuf"	// bytes of 0x8877665544332211
	mux1	r40 = r32, @alt
	;;
	check	r40, 0x8866442277553311, "mux1 @alt"	// bytes of 0x8877665544332211
	mux1	r40 = r32, @rev
	;;
	check	r40, 0x1122334455667788, "mux1 @rev"	// bytes of 0x8877665544332211
	mux2	r40 = r32, 0x1b
	;;
	check	r40, 0x2211443366558877, "mux2 0x1b"	// halfwords of 0x8877665544332211
	mux2	r40 = r32, 0x0
	;;
	check	r40, 0x2211221122112211, "mux2 0x0"	// halfwords of 0x8877665544332211
	mux2	r40 = r32, 0xe4
	;;
	check	r40, 0x8877665544332211, "mux2 0xe4"	// halfwords of 0x8877665544332211
	mux2	r40 = r32, 0x8d
	;;
	check	r40, 0x6655221188774433, "mux2 0x8d"	// halfwords of 0x8877665544332211
	mix1.l	r40 = r32, r33
	;;
	check	r40, 0x88ff66dd44bb2299, "mix1.l"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	mix1.r	r40 = r32, r33
	;;
	check	r40, 0x77ee55cc33aa1100, "mix1.r"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	mix2.l	r40 = r32, r33
	;;
	check	r40, 0x8877ffee4433bbaa, "mix2.l"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	mix2.r	r40 = r32, r33
	;;
	check	r40, 0x6655ddcc22119900, "mix2.r"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	mix4.l	r40 = r32, r33
	;;
	check	r40, 0x88776655ffeeddcc, "mix4.l"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	mix4.r	r40 = r32, r33
	;;
	check	r40, 0x44332211bbaa9900, "mix4.r"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	unpack1.h	r40 = r32, r33
	;;
	check	r40, 0x88ff77ee66dd55cc, "unpack1.h"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	unpack1.l	r40 = r32, r33
	;;
	check	r40, 0x44bb33aa22991100, "unpack1.l"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	unpack2.h	r40 = r32, r33
	;;
	check	r40, 0x8877ffee6655ddcc, "unpack2.h"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	unpack2.l	r40 = r32, r33
	;;
	check	r40, 0x4433bbaa22119900, "unpack2.l"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	unpack4.h	r40 = r32, r33
	;;
	check	r40, 0x88776655ffeeddcc, "unpack4.h"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	unpack4.l	r40 = r32, r33
	;;
	check	r40, 0x44332211bbaa9900, "unpack4.l"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	pack2.sss	r40 = r34, r35
	;;
	check	r40, 0x807fff01807f807f, "pack2.sss saturates both ways"	// r2 halfwords 128,-129,127,-128; r3 1,-1,32767,-32768
	pack2.uss	r40 = r34, r35
	;;
	check	r40, 0xff0001007f0080, "pack2.uss clamps negatives to 0"	// same inputs, unsigned limits 0..255
	pack4.sss	r40 = r36, r37
	;;
	check	r40, 0x80007fff80007fff, "pack4.sss"	// r2 words 32768,-32769; r3 32767,-32768
	pack2.sss	r40 = r32, r33
	;;
	check	r40, 0xee808080807f7f7f, "pack2.sss mixed"	// r2 0x8877665544332211, r3 0xffeeddccbbaa9900
	czx1.l	r40 = r38
	;;
	check	r40, 0x1, "czx1.l of 0x1100220033004400"	// elements of 0x1100220033004400
	czx1.r	r40 = r38
	;;
	check	r40, 0x0, "czx1.r of 0x1100220033004400"	// elements of 0x1100220033004400
	czx1.l	r40 = r32
	;;
	check	r40, 0x8, "czx1.l of 0x8877665544332211"	// elements of 0x8877665544332211
	czx1.r	r40 = r32
	;;
	check	r40, 0x8, "czx1.r of 0x8877665544332211"	// elements of 0x8877665544332211
	czx2.l	r40 = r39
	;;
	check	r40, 0x0, "czx2.l of 0xffff1234ffff"	// elements of 0xffff1234ffff
	czx2.r	r40 = r39
	;;
	check	r40, 0x3, "czx2.r of 0xffff1234ffff"	// elements of 0xffff1234ffff
	czx2.l	r40 = r32
	;;
	check	r40, 0x4, "czx2.l of 0x8877665544332211"	// elements of 0x8877665544332211
	czx2.r	r40 = r32
	;;
	check	r40, 0x4, "czx2.r of 0x8877665544332211"	// elements of 0x8877665544332211
	czx1.l	r40 = r0
	;;
	check	r40, 0x0, "czx1.l of 0x0"	// elements of 0x0
	czx1.r	r40 = r0
	;;
	check	r40, 0x0, "czx1.r of 0x0"	// elements of 0x0
	// NaT: a deferred speculative load gives a NaT source; the result's NaT is the OR of the sources'.
	ld8.s	r41 = [r0]
	;;
	mix1.l	r40 = r32, r41
	;;
	tnat.nz	p10, p11 = r40
	;;
	checkp	p10, 1, "mix1.l of a NaT source is NaT"
	mux1	r40 = r41, @rev
	;;
	tnat.nz	p10, p11 = r40
	;;
	checkp	p10, 1, "mux1 of a NaT source is NaT"
	mix1.l	r40 = r32, r33
	;;
	tnat.nz	p10, p11 = r40
	;;
	checkp	p10, 0, "mix1.l of clear sources is not NaT"
	// tf: Ivm implements no optional feature, so every feature bit reads 0.
	cmp.eq	p10, p11 = r0, r0
	;;
	tf.z	p10, p11 = 32
	;;
	checkp	p10, 1, "tf.z of an absent feature is true"
	checkp	p11, 0, "tf.z writes the complement to p2"
	tf.nz	p10, p11 = 63
	;;
	checkp	p10, 0, "tf.nz of an absent feature is false"
	checkp	p11, 1, "tf.nz writes the complement to p2"
	cmp.ne	p12, p0 = r0, r0			// p12 = 0 (checkp clobbers p6 and p7, so the tests use p10-p12)
	;;
(p12)	tf.z.unc p10, p11 = 40
	;;
	checkp	p10, 0, "tf.z.unc with a false qp clears p1"
	checkp	p11, 0, "tf.z.unc with a false qp clears p2"
	cmp.eq	p10, p0 = r0, r0			// p10 = p11 = 1 before the parallel forms
	cmp.eq	p11, p0 = r0, r0
	;;
	tf.z.and p10, p11 = 33
	;;
	checkp	p10, 1, "tf.z.and of a true test leaves p1"
	checkp	p11, 1, "tf.z.and of a true test leaves p2"
	tf.nz.and p10, p11 = 33
	;;
	checkp	p10, 0, "tf.nz.and of a false test clears p1"
	checkp	p11, 0, "tf.nz.and of a false test clears p2"
	tf.nz.or p10, p11 = 34
	;;
	checkp	p10, 0, "tf.nz.or of a false test leaves p1"
	tf.z.or	p10, p11 = 34
	;;
	checkp	p10, 1, "tf.z.or of a true test sets p1"
	checkp	p11, 1, "tf.z.or of a true test sets p2"
	tf.nz.or.andcm p10, p11 = 35
	;;
	checkp	p11, 1, "tf.nz.or.andcm of a false test leaves p2"
	tf.z.or.andcm p10, p11 = 35
	;;
	checkp	p10, 1, "tf.z.or.andcm sets p1"
	checkp	p11, 0, "tf.z.or.andcm clears p2"
	finish
	.endp	_start
