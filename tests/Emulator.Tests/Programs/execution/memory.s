// Integer loads and stores (interpreter group IntegerMemory): sizes and little-endian layout,
// post-increment forms, control speculation (ld8.s defers a fault as NaT) and NaT spill/fill
// through ar.unat (tbit/tnat in Compares read the results).
	.include "checks.inc"
	.data
	.align	16
buffer:	.skip	64

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	movl	r32 = buffer
	movl	r33 = 0x0123456789abcdef
	;;
	st8	[r32] = r33
	adds	r34 = 1, r32
	adds	r35 = 2, r32
	adds	r36 = 4, r32
	;;
	ld1	r40 = [r34]
	;;
	check	r40, 0xcd, "ld1 reads byte 1 (little-endian)"
	ld2	r40 = [r35]
	;;
	check	r40, 0x89ab, "ld2"
	ld4	r40 = [r36]
	;;
	check	r40, 0x01234567, "ld4"
	mov	r37 = r32
	;;
	ld8	r40 = [r37], 8
	;;
	check	r37, buffer + 8, "ld8 immediate post-increment"
	mov	r38 = 24
	;;
	ld8	r40 = [r37], r38
	;;
	check	r37, buffer + 32, "ld8 register post-increment"
	mov	r41 = 0x55
	;;
	st1	[r37] = r41, 16
	;;
	check	r37, buffer + 48, "st1 post-increment"
	adds	r39 = 32, r32
	;;
	ld8	r40 = [r39]
	;;
	check	r40, 0x55, "st1 writes one byte"
	mov	r42 = 0x1234
	;;
	st2	[r32] = r42
	;;
	ld8	r40 = [r32]
	;;
	check	r40, 0x0123456789ab1234, "st2 keeps the other bytes"

	// ld8.s from an unmapped address defers the fault: the target is NaT.
	ld8.s	r43 = [r0]
	;;
	tnat.nz	p6, p7 = r43
	;;
	checkp	p6, 1, "ld8.s defers a fault as NaT"
	tbit.nz	p6, p7 = r33, 0
	;;
	checkp	p6, 1, "tbit.nz bit 0"
	tbit.z	p6, p7 = r33, 1
	;;
	checkp	p6, 0, "tbit.z bit 1 (0xef has bit 1 set)"

	// st8.spill keeps the NaT in ar.unat; ld8.fill brings it back.
	adds	r44 = 8, r32
	;;
	st8.spill [r44] = r43
	;;
	mov	r43 = 0
	;;
	ld8.fill r45 = [r44]
	;;
	tnat.nz	p6, p7 = r45
	;;
	checkp	p6, 1, "ld8.fill restores the NaT from ar.unat"
	mov	r46 = ar.unat
	extr.u	r47 = r44, 3, 6			// the ar.unat bit of an address is its bits 8:3
	;;
	shr.u	r46 = r46, r47
	;;
	and	r46 = 1, r46
	;;
	check	r46, 1, "st8.spill sets the ar.unat bit of its address"
	finish
	.endp	_start
