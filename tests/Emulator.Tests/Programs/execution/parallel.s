// Multimedia ALU (interpreter group ParallelArithmetic): element-wise results worked out by hand.
	.include "checks.inc"
	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	movl	r32 = 0x7f80ff0110203040
	movl	r33 = 0x01ff01fff0e0d0c0
	movl	r34 = 0x80007fff00010000
	movl	r35 = 0x0001ffff00028000
	movl	r36 = 0x0301
	movl	r37 = 0x0402
	movl	r38 = 0x00014000fff00003
	movl	r39 = 0x0001000000000001
	;;
	padd1	r40 = r32, r33
	;;
	check	r40, 0x807f000000000000, "padd1 modulo"
	padd1.sss r40 = r32, r33
	;;
	check	r40, 0x7f80000000000000, "padd1.sss saturates signed"
	padd1.uuu r40 = r32, r33
	;;
	check	r40, 0x80ffffffffffffff, "padd1.uuu saturates unsigned"
	psub2.sss r40 = r34, r35
	;;
	check	r40, 0x80007fffffff7fff, "psub2.sss"
	pavg1	r40 = r36, r37
	;;
	check	r40, 0x0301, "pavg1 ors the dropped bit"
	pavg1.raz r40 = r36, r37
	;;
	check	r40, 0x0402, "pavg1.raz rounds away"
	pcmp1.eq r40 = r32, r32
	;;
	check	r40, 0xffffffffffffffff, "pcmp1.eq"
	pcmp2.gt r40 = r34, r35
	;;
	check	r40, 0x0000ffff0000ffff, "pcmp2.gt is signed"
	pshladd2 r40 = r38, 2, r39
	;;
	check	r40, 0x00057fffffc0000d, "pshladd2 saturates the shift"
	finish
	.endp	_start
