// Semaphores and 16-byte accesses (interpreter group Semaphores): cmpxchg succeeds only when memory
// equals ar.ccv, xchg and fetchadd return the old value; ld16/st16 move the upper half via ar.csd.
	.include "checks.inc"
	.data
	.align	16
cell:	data8	5, 0
pair:	data8	0x1111, 0x2222

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	movl	r32 = cell
	mov	r33 = 9
	mov	r34 = 5
	;;
	mov	ar.ccv = r34
	;;
	cmpxchg8.acq r40 = [r32], r33, ar.ccv
	;;
	check	r40, 5, "cmpxchg8 returns the old value"
	ld8	r41 = [r32]
	;;
	check	r41, 9, "cmpxchg8 stores on a match"
	cmpxchg8.rel r40 = [r32], r34, ar.ccv	// memory is 9, ar.ccv 5: no store
	;;
	ld8	r41 = [r32]
	;;
	check	r41, 9, "cmpxchg8 leaves memory on a mismatch"
	mov	r35 = 0x77
	;;
	xchg4	r40 = [r32], r35
	;;
	check	r40, 9, "xchg4 returns the old word"
	ld8	r41 = [r32]
	;;
	check	r41, 0x77, "xchg4 stores the low word"
	fetchadd8.acq r40 = [r32], -16
	;;
	check	r40, 0x77, "fetchadd8 returns the old value"
	ld8	r41 = [r32]
	;;
	check	r41, 0x67, "fetchadd8 adds -16"
	movl	r36 = pair
	;;
	ld16	r40, ar.csd = [r36]
	;;
	mov	r42 = ar.csd
	;;
	check	r40, 0x1111, "ld16 low half"
	check	r42, 0x2222, "ld16 high half in ar.csd"
	mov	r43 = 0x3333
	;;
	st16	[r32] = r43, ar.csd
	;;
	adds	r44 = 8, r32
	;;
	ld8	r45 = [r44]
	;;
	check	r45, 0x2222, "st16 writes ar.csd above r2"
	finish
	.endp	_start
