// Integer ALU (interpreter group IntegerAlu): add, sub, logical, shladd, addp4, adds/addl, movl.
// Every expected value is worked out by hand from the SDM's definitions. Operands are kept in
// stacked registers, which the checks' calls preserve (r8-r11 carry system-call results).
	.include "checks.inc"
	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 0, 0	// operands live in locals: calls to the reporter keep them
	mov	r4 = 0
	movl	r32 = 0x7fffffffffffffff
	mov	r33 = 1
	;;
	add	r34 = r32, r33
	;;
	check	r34, 0x8000000000000000, "add wraps to the sign bit"
	add	r34 = r33, r33, 1
	;;
	check	r34, 3, "add r2,r3,1"
	sub	r34 = r33, r32
	;;
	check	r34, 0x8000000000000002, "sub"
	sub	r34 = r32, r33, 1
	;;
	check	r34, 0x7ffffffffffffffd, "sub r2,r3,1"
	sub	r34 = -3, r33
	;;
	check	r34, -4, "sub imm8"
	movl	r35 = 0xf0f0f0f0f0f0f0f0
	movl	r36 = 0xff00ff00ff00ff00
	;;
	and	r34 = r35, r36
	;;
	check	r34, 0xf000f000f000f000, "and"
	or	r34 = r35, r36
	;;
	check	r34, 0xfff0fff0fff0fff0, "or"
	xor	r34 = r35, r36
	;;
	check	r34, 0x0ff00ff00ff00ff0, "xor"
	andcm	r34 = r35, r36
	;;
	check	r34, 0x00f000f000f000f0, "andcm"
	and	r34 = -16, r35
	;;
	check	r34, 0xf0f0f0f0f0f0f0f0, "and imm8"
	xor	r34 = 0x7f, r33
	;;
	check	r34, 0x7e, "xor imm8"
	adds	r34 = -8192, r33
	;;
	check	r34, -8191, "adds smallest imm14"
	addl	r34 = 2097151, r0
	;;
	check	r34, 0x1fffff, "addl largest imm22"
	shladd	r34 = r33, 4, r32
	;;
	check	r34, 0x800000000000000f, "shladd count 4"
	movl	r37 = 0x00000000c0001000
	mov	r38 = 0x10
	;;
	addp4	r34 = r38, r37
	;;
	check	r34, 0x60000000c0001010, "addp4 region bits from r3"
	movl	r34 = 0x123456789abcdef0
	;;
	check	r34, 0x123456789abcdef0, "movl"
	mov	r34 = r35
	;;
	check	r34, 0xf0f0f0f0f0f0f0f0, "mov r1=r3"
	finish
	.endp	_start
