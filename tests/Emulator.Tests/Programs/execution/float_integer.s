// Exact uses of the floating-point registers (interpreter groups FloatRegisterMoves, FloatMemory): integers moved
// through them, integer multiply-add, sign/exponent merges and the 8-byte and spill memory forms.
// Expected values are worked out by hand (e.g. 0xffffffffffffffff * 2 + 3 = 2^65 + 1).
	.include "checks.inc"
	.data
	.align	16
spill:	.skip	32

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	mov	r32 = -1
	mov	r33 = 2
	mov	r34 = 3
	movl	r35 = spill
	;;
	setf.sig f6 = r32
	setf.sig f7 = r33
	setf.sig f8 = r34
	;;
	getf.sig r40 = f6
	;;
	check	r40, 0xffffffffffffffff, "setf.sig and getf.sig round trip"
	xma.l	f9 = f6, f7, f8
	;;
	getf.sig r40 = f9
	;;
	check	r40, 1, "xma.l keeps the low 64 bits"
	xma.hu	f9 = f6, f7, f8
	;;
	getf.sig r40 = f9
	;;
	check	r40, 2, "xma.hu unsigned high half"
	xma.h	f9 = f6, f7, f0
	;;
	getf.sig r40 = f9
	;;
	check	r40, 0xffffffffffffffff, "xma.h signed high half of -1 * 2"
	xmpy.l	f9 = f6, f7
	;;
	getf.sig r40 = f9
	;;
	check	r40, 0xfffffffffffffffe, "xmpy.l"
	fneg	f10 = f1
	;;
	stf.spill [r35] = f10
	adds	r36 = 8, r35
	;;
	ld8	r40 = [r35]
	ld8	r41 = [r36]
	;;
	check	r40, 0x8000000000000000, "stf.spill significand of -1.0"
	check	r41, 0x2ffff, "stf.spill sign and exponent of -1.0"
	fabs	f11 = f10
	;;
	stf.spill [r35] = f11
	;;
	ld8	r41 = [r36]
	;;
	check	r41, 0xffff, "fabs clears the sign"
	ldf.fill f12 = [r35]
	;;
	fmerge.se f13 = f12, f6
	;;
	stf.spill [r35] = f13
	;;
	ld8	r40 = [r35]
	ld8	r41 = [r36]
	;;
	check	r40, 0xffffffffffffffff, "fmerge.se takes f3's significand"
	check	r41, 0xffff, "fmerge.se takes f2's sign and exponent"
	mov	r37 = 0x123
	;;
	st8	[r35] = r37
	;;
	ldf8	f14 = [r35], 16
	;;
	getf.sig r40 = f14
	;;
	check	r40, 0x123, "ldf8 loads the integer form"
	check	r35, spill + 16, "ldf8 post-increment"
	finish
	.endp	_start
