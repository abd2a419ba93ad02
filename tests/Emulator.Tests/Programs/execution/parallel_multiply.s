// Multimedia multiplies, min/max, sum of absolute differences and the 32-bit multiplies
// (interpreter group ParallelMultiply). Expected values come from a separate Python model of the
// SDM vol. 3 pseudo-code (element 0 is the least significant); inputs in the comments.
// mpy4/mpyshl4: r2{31:0} * r3{31:0} and (r2{63:32} * r3{31:0}) << 32, whose sum with the swapped
// mpyshl4 is the low half of the 64-bit product.
	.include "checks.inc"
	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	movl	r32 = 0x1234ffff80007fff
	movl	r33 = 0xfedc000280007fff
	movl	r34 = 0xff7f80fe017f00
	movl	r35 = 0xff007f7f01fe80ff
	movl	r36 = 0xfedcba9876543210
	movl	r37 = 0x123456789abcdef
	pmpy2.r	r40 = r32, r33
	;;
	check	r40, 0xfffffffe3fff0001, "pmpy2.r multiplies elements 0 and 2"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292
	pmpy2.l	r40 = r32, r33
	;;
	check	r40, 0xffeb3cb040000000, "pmpy2.l multiplies elements 1 and 3"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292
	pmpyshr2	r40 = r32, r33, 0
	;;
	check	r40, 0x3cb0fffe00000001, "pmpyshr2 0"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292 (signed)
	pmpyshr2.u	r40 = r32, r33, 0
	;;
	check	r40, 0x3cb0fffe00000001, "pmpyshr2.u 0"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292 as unsigned
	pmpyshr2	r40 = r32, r33, 7
	;;
	check	r40, 0xd679ffff0000fe00, "pmpyshr2 7"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292 (signed)
	pmpyshr2.u	r40 = r32, r33, 7
	;;
	check	r40, 0x3e7903ff0000fe00, "pmpyshr2.u 7"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292 as unsigned
	pmpyshr2	r40 = r32, r33, 15
	;;
	check	r40, 0xffd6ffff80007ffe, "pmpyshr2 15"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292 (signed)
	pmpyshr2.u	r40 = r32, r33, 15
	;;
	check	r40, 0x243e000380007ffe, "pmpyshr2.u 15"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292 as unsigned
	pmpyshr2	r40 = r32, r33, 16
	;;
	check	r40, 0xffebffff40003fff, "pmpyshr2 16"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292 (signed)
	pmpyshr2.u	r40 = r32, r33, 16
	;;
	check	r40, 0x121f000140003fff, "pmpyshr2.u 16"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292 as unsigned
	pmin1.u	r40 = r34, r35
	;;
	check	r40, 0x7f7f01017f00, "pmin1.u is unsigned"	// r2 0xff7f80fe017f00, r3 0xff007f7f01fe80ff
	pmax1.u	r40 = r34, r35
	;;
	check	r40, 0xffff7f80fefe80ff, "pmax1.u is unsigned"	// r2 0xff7f80fe017f00, r3 0xff007f7f01fe80ff
	pmin2	r40 = r32, r33
	;;
	check	r40, 0xfedcffff80007fff, "pmin2 is signed"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292
	pmax2	r40 = r32, r33
	;;
	check	r40, 0x1234000280007fff, "pmax2 is signed"	// r2 halfwords 32767,-32768,-1,0x1234; r3 32767,-32768,2,-292
	pmin2	r40 = r34, r35
	;;
	check	r40, 0xff007f7ffe0180ff, "pmin2 halfwords"	// r2 0xff7f80fe017f00, r3 0xff007f7f01fe80ff
	pmax2	r40 = r34, r35
	;;
	check	r40, 0xff7f8001fe7f00, "pmax2 halfwords"	// r2 0xff7f80fe017f00, r3 0xff007f7f01fe80ff
	psad1	r40 = r34, r35
	;;
	check	r40, 0x4f9, "psad1"	// r2 0xff7f80fe017f00, r3 0xff007f7f01fe80ff
	psad1	r40 = r0, r36
	;;
	check	r40, 0x438, "psad1 against zero"	// r2 0, r3 0xfedcba9876543210
	psad1	r40 = r36, r36
	;;
	check	r40, 0x0, "psad1 of equal operands"	// 0xfedcba9876543210 twice
	mpy4	r40 = r36, r37
	;;
	check	r40, 0x3fa27837e5618cf0, "mpy4 multiplies the unsigned low words"	// r2 0xfedcba9876543210, r3 0x123456789abcdef
	mpyshl4	r40 = r36, r37
	;;
	check	r40, 0xad05ebe800000000, "mpyshl4 r2 high word by r3 low word"	// r2 0xfedcba9876543210, r3 0x123456789abcdef
	mpyshl4	r40 = r37, r36
	;;
	check	r40, 0x358e747000000000, "mpyshl4 swapped"	// r2 0x123456789abcdef, r3 0xfedcba9876543210
	ld8.s	r41 = [r0]			// a NaT source
	;;
	pmpy2.r	r40 = r32, r41
	;;
	tnat.nz	p10, p11 = r40
	;;
	checkp	p10, 1, "pmpy2.r of a NaT source is NaT"
	psad1	r40 = r41, r32
	;;
	tnat.nz	p10, p11 = r40
	;;
	checkp	p10, 1, "psad1 of a NaT source is NaT"
	finish
	.endp	_start
