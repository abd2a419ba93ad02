// Shifts, bit fields and extension (interpreter groups ShiftsAndBitFields, Moves): expected values
// worked out by hand from the SDM's definitions of shl, shr, extr, dep, shrp, popcnt, zxt and sxt.
	.include "checks.inc"
	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	movl	r32 = 0x0123456789abcdef
	movl	r33 = 0xf000000000000000
	mov	r34 = 4
	mov	r35 = 64
	mov	r36 = 100
	;;
	shl	r40 = r32, r34
	;;
	check	r40, 0x123456789abcdef0, "shl by register"
	shl	r40 = r32, r35
	;;
	check	r40, 0, "shl by 64 gives zero"
	shr	r40 = r33, r34
	;;
	check	r40, 0xff00000000000000, "shr keeps the sign"
	shr.u	r40 = r33, r34
	;;
	check	r40, 0x0f00000000000000, "shr.u fills with zeros"
	shr	r40 = r33, r36
	;;
	check	r40, 0xffffffffffffffff, "shr by 100 of a negative value"
	shl	r40 = r32, 12
	;;
	check	r40, 0x3456789abcdef000, "shl immediate (dep.z)"
	shr.u	r40 = r32, 60
	;;
	check	r40, 0, "shr.u immediate (extr.u)"
	extr	r40 = r32, 8, 16
	;;
	check	r40, 0xffffffffffffabcd, "extr sign-extends the field"
	extr.u	r40 = r32, 8, 16
	;;
	check	r40, 0xabcd, "extr.u"
	mov	r37 = 0xff
	;;
	dep.z	r40 = r37, 60, 8
	;;
	check	r40, 0xf000000000000000, "dep.z drops bits above 63"
	dep.z	r40 = -1, 4, 4
	;;
	check	r40, 0xf0, "dep.z immediate"
	mov	r38 = -1
	;;
	dep	r40 = r0, r38, 8, 16
	;;
	check	r40, 0xffffffffff0000ff, "dep merges into r3"
	dep	r40 = -1, r0, 3, 5
	;;
	check	r40, 0xf8, "dep immediate one-bit source"
	mov	r39 = 1
	;;
	shrp	r40 = r39, r33, 63
	;;
	check	r40, 3, "shrp across the pair"
	popcnt	r40 = r32
	;;
	check	r40, 32, "popcnt"
	mov	r41 = 0x1ff
	movl	r42 = 0x80000080
	;;
	zxt1	r40 = r41
	;;
	check	r40, 0xff, "zxt1"
	sxt1	r40 = r42
	;;
	check	r40, 0xffffffffffffff80, "sxt1"
	sxt4	r40 = r42
	;;
	check	r40, 0xffffffff80000080, "sxt4"
	zxt4	r40 = r42
	;;
	check	r40, 0x80000080, "zxt4"
	finish
	.endp	_start
